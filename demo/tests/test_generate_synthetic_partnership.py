"""Which partnership ``generate_synthetic`` builds the dataset for: named, the only one, or its own."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from demo.management.commands.generate_synthetic import SYNTHETIC_SLUG, _partnership
from partnership.models import CommunityPlan, Partnership

pytestmark = pytest.mark.django_db


def test_an_empty_portal_gets_the_synthetic_partnership():
    made = _partnership(None)
    assert (made.slug, made.name) == (SYNTHETIC_SLUG, "Synthetic Borough Partnership")
    assert _partnership(None) == made  # the only one now: used again, not made twice


def test_a_portal_with_one_partnership_builds_the_dataset_for_it(make):
    only = make.partnership()
    assert _partnership(None) == only
    assert Partnership.objects.count() == 1


def test_a_portal_with_several_partnerships_gets_a_partnership_of_its_own(make):
    make.partnership()
    make.partnership(name="Northvale Partnership", slug="northvale")
    assert _partnership(None).slug == SYNTHETIC_SLUG
    assert _partnership("northvale").slug == "northvale"


def test_an_unknown_partnership_is_refused(make):
    with pytest.raises(CommandError, match="no such partnership"):
        _partnership("nowhere")


@pytest.mark.slow  # builds the whole synthetic plan (3–5 s): make test, not make test-fast
def test_the_command_builds_the_dataset_in_an_empty_portal():
    call_command("generate_synthetic", scale=0.04, stdout=StringIO())
    plan = CommunityPlan.objects.get(slug="synthetic-borough")
    assert plan.partnership.slug == SYNTHETIC_SLUG
