"""Consultations: the list, answering (once per person, confirmed by email), closing at the date, results."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import Answer, Consultation, ConsultationResponse
from consultation.tests.conftest import make_response

pytestmark = pytest.mark.django_db

LIST = reverse("consultation:consultation-list")


def answers(site, **extra):
    q = site.questions
    yes = q["single"].choices.get(text="Yes").pk
    cctv = q["multiple"].choices.get(text="CCTV").pk
    lighting = q["multiple"].choices.get(text="Lighting").pk
    return {
        f"q{q['text'].pk}": "Brighter lights by the station",
        f"q{q['single'].pk}": str(yes),
        f"q{q['multiple'].pk}": [str(cctv), str(lighting)],
        f"q{q['rating'].pk}": "4",
        "email": "ann@example.org",
        "area": "",
        **extra,
    }


def test_the_list_shows_published_consultations_with_their_state(client, site, page_ok, django_assert_num_queries):
    # 1 current plan (for the filter's themes), 2 the page's count, 3 the consultations, 4 their
    # themes, 5 their areas, 6 current plan (for the header), 7 counts by state, 8 themes and
    # 9 areas for the filter form.
    with django_assert_num_queries(9):
        response = client.get(LIST)
    html = page_ok(response, "Consultations")
    assert "All (3)" in html and "Open (1)" in html and "Upcoming (1)" in html and "Closed (1)" in html
    assert "Street safety" in html and "Parks" in html and "Town centre" in html
    assert "Draft" not in html  # not published
    assert "Open until" in html and "Opens on" in html and "Closed on" in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"state": "open"}, {"Street safety"}),
        ({"state": "upcoming"}, {"Parks"}),
        ({"state": "closed"}, {"Town centre"}),
        ({"theme": "environment"}, {"Parks"}),
        ({"area": "boxmoor"}, {"Street safety"}),
    ],
)
def test_the_list_filters_by_state_theme_and_area(client, site, query, shown):
    if "theme" in query:
        query = {"theme": site.tiny.environment.pk}
    if "area" in query:
        query = {"area": site.tiny.boxmoor.pk}
    html = client.get(LIST, query).content.decode()
    titles = set(re.findall(r'<h2 id="consultation-\d+"><a href="[^"]+">([^<]+)</a>', html))
    assert titles == shown


def test_an_open_consultation_asks_every_kind_of_question(client, site, page_ok):
    html = page_ok(client.get(site.open.get_absolute_url()), "Street safety")
    q = site.questions
    assert f'<textarea name="q{q["text"].pk}"' in html
    assert f'type="radio" class="form-check-input"  name="q{q["single"].pk}"' in html
    assert f'type="checkbox" class="form-check-input"  name="q{q["multiple"].pk}"' in html
    assert html.count(f'name="q{q["rating"].pk}"') == 5
    # Choices are grouped under their question.
    assert re.search(r"<fieldset> <legend\s+class=\"form-label requiredField fs-6\">\s+2\. Do you feel safe\?", html)


def test_answering_stores_an_unconfirmed_response_and_confirming_counts_it(
    client, site, form_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(site.open.get_absolute_url(), form_data(**answers(site)))
    assert response.status_code == 302
    stored = ConsultationResponse.objects.get()
    assert stored.confirmed_at is None and stored.email == "ann@example.org"
    by_question = {a.question.kind: a for a in stored.answers.all()}
    assert by_question["text"].text == "Brighter lights by the station"
    assert by_question["rating"].rating == 4
    assert {c.text for c in by_question["multiple"].choices.all()} == {"CCTV", "Lighting"}
    assert [c.text for c in by_question["single"].choices.all()] == ["Yes"]
    confirm = re.search(r"(/have-your-say/confirm/[^\s]+/)", mailoutbox[0].body)[1]
    client.post(confirm)
    stored.refresh_from_db()
    assert stored.confirmed_at is not None


def test_a_missing_required_answer_is_shown_by_the_question_and_keeps_the_other_answers(client, site, form_data):
    data = answers(site)
    del data[f"q{site.questions['single'].pk}"]
    html = client.post(site.open.get_absolute_url(), form_data(**data)).content.decode()
    assert "Select an answer to question 2" in html  # "Do you feel safe?", the second question
    assert "This field is required." not in html
    assert "Brighter lights by the station" in html
    assert 'value="4"' in html and re.search(r'value="4"[^>]*checked|checked[^>]*value="4"', html)
    assert not ConsultationResponse.objects.exists()


def test_one_response_per_person(client, site, form_data, mailoutbox, django_capture_on_commit_callbacks):
    url = site.open.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(**answers(site)))
    first_link = re.search(r"(/have-your-say/confirm/[^\s]+/)", mailoutbox[-1].body)[1]
    # Sending again before confirming replaces the answers, and the first link stops working.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, form_data(**answers(site, **{f"q{site.questions['rating'].pk}": "2"}, email="ANN@example.org"))
        )
    assert ConsultationResponse.objects.count() == 1
    assert Answer.objects.get(question=site.questions["rating"]).rating == 2
    assert client.post(first_link).status_code == 400
    client.post(re.search(r"(/have-your-say/confirm/[^\s]+/)", mailoutbox[-1].body)[1])
    # Once confirmed, another response from the same email changes nothing; the page says the
    # same as ever, and the email explains.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(**answers(site, **{f"q{site.questions['rating'].pk}": "5"})))
    assert response.status_code == 302
    assert Answer.objects.get(question=site.questions["rating"]).rating == 2
    assert "You have already responded" in mailoutbox[-1].subject


def test_a_consultation_closes_itself_at_its_close_date(client, site, form_data, monkeypatch):
    consultation = site.open
    closes = consultation.closes_at
    second = datetime.timedelta(seconds=1)
    assert consultation.state_at(consultation.opens_at - second) == Consultation.State.UPCOMING
    assert consultation.state_at(consultation.opens_at) == Consultation.State.OPEN
    assert consultation.state_at(closes - second) == Consultation.State.OPEN
    assert consultation.state_at(closes) == Consultation.State.CLOSED
    # The clock moves past the close date: the form goes, and a late answer is refused.
    monkeypatch.setattr(timezone, "now", lambda: closes - second)
    assert 'name="email"' in client.get(consultation.get_absolute_url()).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: closes)
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert 'name="email"' not in html
    assert "This consultation has closed" in html
    response = client.post(consultation.get_absolute_url(), form_data(**answers(site)), follow=True)
    assert "This consultation is not open for responses." in response.content.decode()
    assert not ConsultationResponse.objects.exists()
    assert "Closed (2)" in client.get(LIST).content.decode()


def test_an_upcoming_consultation_has_no_form_yet(client, site):
    html = client.get(site.upcoming.get_absolute_url()).content.decode()
    assert "This consultation is not open yet." in html
    assert 'name="email"' not in html


def test_an_unpublished_consultation_is_not_found(client, site):
    assert client.get("/consultations/draft/").status_code == 404
    assert client.get("/consultations/draft/comments/").status_code == 404


def test_results_count_confirmed_responses_with_charts_and_tables(client, site, page_ok, django_assert_num_queries):
    q = site.closed_questions
    make_response(
        site.closed, q, email="a@example.org", single="Yes", multiple=["CCTV", "Lighting"], rating=5, text="x"
    )
    make_response(site.closed, q, email="b@example.org", single="Yes", multiple=["CCTV"], rating=2)
    make_response(site.closed, q, email="c@example.org", single="No", rating=4)
    make_response(site.closed, q, email="d@example.org", single="No", rating=1, confirmed=False)  # not counted
    # 1 the consultation, 2 questions, 3 choices, 4 confirmed responses, 5 answers by rating,
    # 6 choices chosen, 7 themes, 8 areas, 9 comments (none, so nothing carries their count), 10 the count.
    with django_assert_num_queries(10):
        response = client.get(site.closed.get_absolute_url())
    html = page_ok(response, "Town centre")
    assert "3 confirmed responses." in html
    assert "You said the car park was dark; we put in new lights." in html
    assert "People asked for more lighting." in html
    assert 'role="img"' in html and 'id="question-' in html  # the shared SVG bar chart
    table = re.search(r"Answers to question 2:.*?</table>", html, re.S)[0]
    assert re.search(r"<th scope=\"row\">Yes</th><td[^>]*>2</td><td[^>]*>67%</td>", table)
    assert re.search(r"<th scope=\"row\">No</th><td[^>]*>1</td><td[^>]*>33%</td>", table)
    assert "3 people answered; average rating 3.7 out of 5" in html
    assert "1 person answered in their own words" in html


def test_results_download_as_csv(client, site):
    q = site.closed_questions
    make_response(site.closed, q, email="a@example.org", single="Yes", multiple=["CCTV"], rating=5)
    response = client.get(reverse("consultation:consultation-results-csv", args=[site.closed.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["question_number", "question", "kind", "answer", "people", "percent_of_those_answering"]
    assert ["2", "Do you feel safe?", "single", "Yes", "1", "100"] in rows
    assert rows[-1][1:5] == ["Confirmed responses", "", "", "1"]
    assert client.get(reverse("consultation:consultation-results-csv", args=[site.open.slug])).status_code == 404
