"""``load_demo_consultation``: residents' side of the Dacorum demo, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command

from consultation.models import Comment, Consultation, ConsultationResponse, Question, Suggestion
from demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_without_the_dacorum_demo_it_says_so_and_adds_nothing(db):
    out = StringIO()
    call_command("load_demo_consultation", stdout=out)
    assert "run `python manage.py load_demo` first" in out.getvalue()
    assert not Comment.objects.exists() and not Consultation.objects.exists()


@pytest.mark.slow
def test_it_loads_comments_consultations_and_suggestions_once(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    call_command("load_demo_consultation", stdout=StringIO())
    counts = {
        "comments": Comment.objects.count(),
        "consultations": Consultation.objects.count(),
        "responses": ConsultationResponse.objects.count(),
        "suggestions": Suggestion.objects.count(),
    }
    out = StringIO()
    call_command("load_demo_consultation", stdout=out)
    assert "nothing added" in out.getvalue()
    assert counts == {
        "comments": Comment.objects.count(),
        "consultations": Consultation.objects.count(),
        "responses": ConsultationResponse.objects.count(),
        "suggestions": Suggestion.objects.count(),
    }
    official = Comment.objects.get(is_official=True)
    assert official.responding_forum.name == "Dacorum Community Safety Partnership"
    assert official.parent.theme.title == "Reducing Crime and Feeling Safe"
    open_, closed = (
        Consultation.objects.get(slug="feeling-safe-after-dark"),
        Consultation.objects.get(slug="town-centre-safety-2014"),
    )
    assert open_.state == Consultation.State.OPEN and closed.state == Consultation.State.CLOSED
    assert set(open_.questions.values_list("kind", flat=True)) == set(Question.Kind.values)
    assert closed.results_published and closed.you_said_we_did
    assert set(Suggestion.objects.values_list("status", flat=True)) == {
        "received",
        "considering",
        "adopted",
        "not_adopted",
    }
    adopted = Suggestion.objects.get(status="adopted")
    assert adopted.became_objective and adopted.became_objective.achievements.exists()
    # The pages show it.
    theme_html = client.get("/themes/reducing-crime-and-feeling-safe/").content.decode()
    assert "You said, we did" in theme_html and "What residents say" in theme_html
    assert "40 confirmed responses." in client.get(closed.get_absolute_url()).content.decode()
