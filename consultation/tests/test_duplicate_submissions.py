"""Each residents' form is accepted once: the same form sent twice creates one thing and one email.

The form's signed token carries a random nonce; the first accepted post records it with
what it created, in the same transaction. A repeat (a double click, a reload, a replay,
the token pasted into another form) answers with the first submission's “check your
email” page and creates and sends nothing.
"""

import datetime
import re
import threading
import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultation import services
from consultation.forms import STAMP_SALT, form_stamp, read_form_token
from consultation.models import (
    Comment,
    ConsultationResponse,
    MailingListRequest,
    SubmissionReceipt,
    Suggestion,
    WorkshopRequest,
)
from consultation.tests.conftest import make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partnership")]


def check_email(kind: str) -> str:
    return f"{reverse('consultation:check-email')}?sent={kind}"


def comment_form(site):
    url = reverse("consultation:theme-comments", args=[site.tiny.safety.slug])
    fields = {"display_name": "Jo", "email": "jo@example.org", "area": "", "body": "More lights, please."}
    return url, fields, Comment.objects.all(), "comment"


def reply_form(site):
    parent = make_comment(site.tiny.safety, display_name="Ann", body="The path is dark.")
    url = reverse("consultation:comment-reply", args=[parent.pk])
    fields = {"display_name": "Jo", "email": "jo@example.org", "area": "", "body": "Me too."}
    return url, fields, Comment.objects.filter(parent=parent), "comment"


def suggestion_form(site):
    fields = {
        "theme": site.tiny.safety.pk,
        "area": "",
        "title": "Lights",
        "body": "By the canal.",
        "display_name": "Jo",
        "email": "jo@example.org",
    }
    return reverse("consultation:suggestion-new"), fields, Suggestion.objects.all(), "suggestion"


def response_form(site):
    q = site.questions
    fields = {
        f"q{q['text'].pk}": "Brighter lights by the station",
        f"q{q['single'].pk}": str(q["single"].choices.get(text="Yes").pk),
        f"q{q['rating'].pk}": "4",
        "email": "ann@example.org",
        "area": "",
    }
    return site.open.get_absolute_url(), fields, ConsultationResponse.objects.all(), "response"


def workshop_form(site):
    fields = {"group_name": "Bowls Club", "contact_name": "Val", "email": "val@example.org", "area": ""}
    return reverse("consultation:workshop-request"), fields, WorkshopRequest.objects.all(), "workshop"


def mailing_list_form(site):
    fields = {"forum": site.tiny.environment_forum.pk, "name": "Kim", "email": "kim@example.org"}
    return reverse("consultation:mailing-list-request"), fields, MailingListRequest.objects.all(), "mailing-list"


FORMS = [comment_form, reply_form, suggestion_form, response_form, workshop_form, mailing_list_form]


def filled(fields: dict, stamp: str) -> dict:
    return {"started": stamp, "extra_comments": "", **fields}


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.__name__)
def test_the_same_filled_form_posted_twice_makes_one_thing_and_one_email(
    client, site, form, mailoutbox, django_capture_on_commit_callbacks
):
    url, fields, created, kind = form(site)
    data = filled(fields, form_stamp(time.time() - 60))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, data)
    assert first.status_code == 302 and first["Location"] == check_email(kind)
    # The second answer is the first's confirmation: the same "check your email" page.
    assert second.status_code == 302 and second["Location"] == check_email(kind)
    assert created.count() == 1
    assert len(mailoutbox) == 1


def test_a_token_reused_later_or_on_another_form_creates_nothing_more(
    site, mailoutbox, django_capture_on_commit_callbacks
):
    stamp = form_stamp(time.time() - 60)
    url, fields, comments, _ = comment_form(site)
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(url, filled(fields, stamp))["Location"] == check_email("comment")
    # Replayed on the suggestion form, from elsewhere: the comment's confirmation, no suggestion.
    suggestion_url, suggestion_fields, suggestions, _ = suggestion_form(site)
    with django_capture_on_commit_callbacks(execute=True):
        replay = Client().post(suggestion_url, filled(suggestion_fields, stamp), REMOTE_ADDR="10.7.7.7")
    assert replay.status_code == 302 and replay["Location"] == check_email("comment")
    assert not suggestions.exists()
    # Later, with other words on the same form: still the one comment.
    with django_capture_on_commit_callbacks(execute=True):
        again = Client().post(url, filled({**fields, "body": "And benches."}, stamp), REMOTE_ADDR="10.8.8.8")
    assert again["Location"] == check_email("comment")
    assert list(comments.values_list("body", flat=True)) == ["More lights, please."]
    assert len(mailoutbox) == 1


def test_a_form_sent_back_with_errors_keeps_its_token_for_the_corrected_post(
    client, site, mailoutbox, django_capture_on_commit_callbacks
):
    url, fields, comments, _ = comment_form(site)
    stamp = form_stamp(time.time() - 60)
    refused = client.post(url, filled({**fields, "body": "Write to jo@example.org"}, stamp))
    assert refused.status_code == 200 and not comments.exists()
    assert f'value="{stamp}"' in refused.content.decode()  # the form shown again carries the same token
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, filled(fields, stamp)).status_code == 302
    assert comments.count() == 1 and len(mailoutbox) == 1


def test_a_submission_the_service_refuses_leaves_its_token_unused():
    def refuse():
        raise ValidationError("This consultation is closed.")

    with pytest.raises(ValidationError):
        services.submission_once(nonce="n1", kind="comment", submit=refuse)
    assert not SubmissionReceipt.objects.exists()
    assert services.submission_once(nonce="n1", kind="comment", submit=lambda: "made") == "made"
    with pytest.raises(services.AlreadySubmitted) as repeat:
        services.submission_once(nonce="n1", kind="suggestion", submit=lambda: "made again")
    assert repeat.value.kind == "comment"


def test_every_form_handed_out_has_a_token_of_its_own(site, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300  # the comment page comes from the cache, with holes

    def nonce(url):
        html = Client().get(url).content.decode()
        return read_form_token(re.search(r'name="started" value="([^"]+)"', html)[1]).nonce

    for url in (reverse("consultation:suggestion-new"), comment_form(site)[0]):
        nonces = {nonce(url) for _ in range(3)}
        assert len(nonces) == 3, url


@pytest.mark.parametrize(
    ("stamp", "message"),
    [
        (lambda: form_stamp(time.time() - 25 * 60 * 60), "This page was open too long"),
        (lambda: signing.dumps(int((time.time() - 60) * 1000), salt=STAMP_SALT), "This page was open too long"),
        (lambda: signing.dumps([int((time.time() - 60) * 1000), ""], salt=STAMP_SALT), "This page was open too long"),
        (lambda: form_stamp(time.time()), "faster than a person could type it"),
    ],
    ids=["expired", "no-nonce", "empty-nonce", "too-fast"],
)
def test_tokens_still_expire_and_the_minimum_fill_time_still_holds(client, site, stamp, message, settings):
    settings.FORM_MIN_FILL_SECONDS = 3
    url, fields, comments, _ = comment_form(site)
    response = client.post(url, filled(fields, stamp()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not comments.exists() and not SubmissionReceipt.objects.exists()


def test_the_daily_purge_drops_receipts_of_forms_too_old_to_be_sent():
    now = timezone.now()
    SubmissionReceipt.objects.create(nonce="old", kind="comment", created_at=now - datetime.timedelta(hours=25))
    SubmissionReceipt.objects.create(nonce="new", kind="comment", created_at=now - datetime.timedelta(hours=23))
    assert services.consultation_data_purge(now=now)["expired_form_receipts"] == 1
    assert list(SubmissionReceipt.objects.values_list("nonce", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_is_accepted_once():
    """The second insert of the nonce waits for the first transaction, then finds it committed."""
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent transactions need PostgreSQL (SQLite serialises writers with a lock error).")
    first_inside = threading.Event()
    outcomes: list[str] = []

    def slow_submit():
        first_inside.set()
        time.sleep(0.5)  # the first transaction is still open while the second one tries
        return "made"

    def send(submit):
        try:
            outcomes.append(services.submission_once(nonce="at-once", kind="comment", submit=submit))
        except services.AlreadySubmitted as exc:
            outcomes.append(f"already {exc.kind}")
        finally:
            connection.close()

    first = threading.Thread(target=send, args=(slow_submit,))
    first.start()
    assert first_inside.wait(5)
    second = threading.Thread(target=send, args=(lambda: "made twice",))
    second.start()
    first.join(10)
    second.join(10)
    assert sorted(outcomes) == ["already comment", "made"]
    assert SubmissionReceipt.objects.count() == 1
