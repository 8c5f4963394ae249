"""Residents' email addresses never appear on any public page, feed or export of the whole site.

Every comment, reply, suggestion, consultation response and request is stored with a
distinctive address; then the test walks the site as an anonymous visitor, from the home
page and the consultation app's own pages, following every link on the site (filters
and pages included), and reads every response — HTML, CSV and JSON alike.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone

from consultation import services
from consultation.models import Comment, MailingListRequest, Suggestion, WorkshopRequest
from consultation.tests.conftest import make_comment, make_response, make_suggestion

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/admin/", "/accounts/", "/returns/", "/dashboard/", "/moderation/", "/static/", "/health/")
LINK = re.compile(r'(?:href|action)="([^"#]*)')
MAX_PAGES = 600


def secret(n: int) -> str:
    return f"leak{n}.secret@private-resident.example"


@pytest.fixture
def stored_everywhere(site, personas):
    t = site.tiny
    n = iter(range(1, 1000))
    now = timezone.now()
    for subject in (t.safety, t.environment, t.objective, t.crime, site.open, site.closed):
        top = make_comment(subject, email=secret(next(n)), display_name="Resident")
        make_comment(parent=top, email=secret(next(n)), display_name="Replier")
        services.comment_respond(comment=top, by=personas["support_group"], body="Thank you.")
        for status in Comment.Status.values:
            make_comment(subject, status=status, email=secret(next(n)), body=f"A {status} comment")
    removed = make_comment(t.safety, email=secret(next(n)))
    make_comment(parent=removed, email=secret(next(n)))
    services.comment_reject(comment=removed, by=personas["support_group"], reason="Policy")
    for status in Suggestion.Status.values:
        make_suggestion(t.safety, status=status, email=secret(next(n)), title=f"Suggestion {status}")
    adopted = Suggestion.objects.get(status=Suggestion.Status.ADOPTED)
    adopted.became_objective = t.objective
    adopted.response = "Adopted."
    adopted.save()
    for questions, consultation in ((site.questions, site.open), (site.closed_questions, site.closed)):
        make_response(consultation, questions, email=secret(next(n)), rating=4, text="Lights", multiple=["CCTV"])
        make_response(consultation, questions, email=secret(next(n)), confirmed=False)
    WorkshopRequest.objects.create(group_name="Group", contact_name="Contact", email=secret(next(n)), confirmed_at=now)
    MailingListRequest.objects.create(forum=t.safety_forum, name="Member", email=secret(next(n)), confirmed_at=now)
    return [secret(i) for i in range(1, next(n))]


def _links(path: str, body: str) -> list[str]:
    found = []
    for raw in LINK.findall(body):
        link = urldefrag(raw.replace("&amp;", "&"))[0]
        if not link or link.startswith(("mailto:", "javascript:", "tel:")):
            continue
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            continue
        if not link.startswith("/"):
            link = path.rsplit("/", 1)[0] + "/" + link if not link.startswith("?") else path.split("?")[0] + link
        found.append(link)
    return found


def test_no_stored_email_appears_on_any_public_page_or_export(client, stored_everywhere, site):
    seeds = [
        "/",
        "/consultations/",
        "/suggestions/",
        "/have-your-say/",
        "/area-plans/",
        "/areas/",
        "/partners/",
        "/about/monitoring/",
        f"/consultations/{site.closed.slug}/results.csv",
        f"/indicators/{site.tiny.crime.slug}.csv",
        f"/indicators/{site.tiny.crime.slug}.json",
    ]
    queue, seen, visited = deque(seeds), set(seeds), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        visited.append((path, response.status_code))
        body = response.content.decode(errors="replace")
        for email in stored_everywhere:
            assert email not in body, f"{email} on {path}"
        assert "private-resident.example" not in body, path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in _links(path, body):
            if link not in seen and not link.startswith(SKIP_PREFIXES) and "/have-your-say/delete/" not in link:
                seen.add(link)
                queue.append(link)
    pages = {path for path, _ in visited}
    # The walk reached every kind of page, and every page it reached worked.
    for expected in (
        "/themes/safety/",
        "/themes/safety/comments/",
        f"/objectives/{site.tiny.objective.pk}/comments/",
        f"/indicators/{site.tiny.crime.slug}/",
        f"/indicators/{site.tiny.crime.slug}/comments/",
        f"/consultations/{site.open.slug}/",
        f"/consultations/{site.closed.slug}/",
        f"/consultations/{site.open.slug}/comments/",
        "/suggestions/new/",
        "/have-your-say/privacy/",
        "/have-your-say/workshop/",
        "/have-your-say/mailing-list/",
        "/areas/boxmoor/",
    ):
        assert expected in pages, expected
    assert any(path.startswith("/suggestions/") and path.rstrip("/").split("/")[-1].isdigit() for path in pages)
    assert any(path.startswith("/comments/") for path in pages)
    assert len(pages) > 60
    broken = [(path, status) for path, status in visited if status >= 400]
    assert not broken, broken
