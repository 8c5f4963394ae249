"""Changes to targets, baselines and definitions always reach the public change log."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators import services
from indicators.models import Indicator, IndicatorChange, Target
from partnership.models import CommunityPlan, Forum
from themes.models import Theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partnership")]


@pytest.fixture
def indicator():
    plan = CommunityPlan.objects.create(
        title="Plan", slug="plan", area="Here", start_year=2004, end_year=2014, vision="A vision"
    )
    forum = Forum.objects.create(plan=plan, name="Safety", slug="safety")
    theme = Theme.objects.create(plan=plan, number=1, title="Safety", slug="safety", vision="v", lead_forum=forum)
    return Indicator.objects.create(
        theme=theme,
        code="CS-02",
        slug="recorded-crime",
        title="Recorded crime",
        definition="All crime.",
        polarity="lower",
        source="Police",
        cumulative=True,
    )


def test_setting_a_target_for_the_first_time_is_logged_without_a_reason(indicator):
    target = Target(
        indicator=indicator, financial_year=2014, kind="percent_change", value=D(-3), comparator="last_year"
    )
    services.target_save(target=target)
    change = IndicatorChange.objects.get()
    assert change.field == IndicatorChange.Field.TARGET
    assert change.summary == "Target 2014/15 set"
    assert change.new_value == "reduction of 3% on the same period last year"


def test_revising_a_target_needs_a_reason_and_logs_old_and_new(indicator, django_user_model):
    officer = django_user_model.objects.create_user("officer")
    target = services.target_save(target=Target(indicator=indicator, financial_year=2014, value=D(9000)))
    target.value = D(8800)
    with pytest.raises(ValidationError, match="why the target"):
        services.target_save(target=target, reason="  ")
    assert Target.objects.get().value == D(9000)  # refused: nothing changed

    services.target_save(target=target, reason="Boundary change moved two areas in.", by=officer)
    change = IndicatorChange.objects.order_by("-pk").first()
    assert (change.old_value, change.new_value) == ("9000", "8800")
    assert change.reason == "Boundary change moved two areas in."
    assert change.changed_by == officer


def test_saving_an_unchanged_target_logs_nothing(indicator):
    target = services.target_save(target=Target(indicator=indicator, financial_year=2014, value=D(9000)))
    services.target_save(target=Target.objects.get(pk=target.pk))
    assert IndicatorChange.objects.count() == 1


def test_invalid_target_is_refused_and_logs_nothing(indicator):
    bad = Target(indicator=indicator, financial_year=2014, kind="percent_change", value=D(-3), comparator="")
    with pytest.raises(ValidationError):
        services.target_save(target=bad)
    assert not Target.objects.exists()
    assert not IndicatorChange.objects.exists()


def test_changing_definition_or_baseline_is_logged_with_reason(indicator):
    indicator.definition = "All crime recorded by Hertfordshire Constabulary in Dacorum."
    indicator.baseline_value = D("11250")
    with pytest.raises(ValidationError, match="Say why"):
        services.indicator_save(indicator=indicator)
    services.indicator_save(indicator=indicator, reason="Clarified after the 2005 audit.")
    changes = {c.field: c for c in IndicatorChange.objects.all()}
    assert set(changes) == {IndicatorChange.Field.DEFINITION, IndicatorChange.Field.BASELINE}
    assert changes["definition"].old_value == "All crime."
    assert changes["baseline"].new_value == "11250"


def test_other_edits_need_no_reason_and_log_nothing(indicator):
    indicator.title = "Total recorded crime"
    services.indicator_save(indicator=indicator)
    assert Indicator.objects.get().title == "Total recorded crime"
    assert not IndicatorChange.objects.exists()
