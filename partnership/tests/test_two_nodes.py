"""Two web nodes behave as one portal: a journey whose every step lands on the other node.

Node A and node B are gunicorn under production settings, each in a working directory of
its own with its own ``MEDIA_ROOT`` and ``PRIVATE_ROOT``; a Celery worker runs in a third.
They share only what production nodes share: the PostgreSQL database (this test's), one
Redis (cache and broker; the harness starts its own), ``SECRET_KEY``, and the object store
(``S3_TEST_ENDPOINT_URL``, or moto's server started by the harness). The harness is
``bench/cluster.py``, which ``make soak`` uses too.

The journey, as people would walk it, each step asserting what they would see:

1. the officer signs in on A, and the same session cookie is signed in on B: sessions are
   in the database;
2. on B the officer fills in and submits the Community Safety Partnership's return; on A
   the officer is offered no sign-off (separation of duties) and the forum lead approves it;
3. on A the support group asks for the 2014/15 annual report; the worker builds it;
4. a resident posts a comment on A (honeypot left empty, the form's signed timestamp
   checked against ``bench.settings``' relaxed threshold), confirms it from the emailed link
   on B (the email is read from the worker's output: the console backend), and it shows on B
   only once the support group has approved it on A: B's cached copy of the page was
   invalidated through Redis;
5. the support group sees the report ready on B's status page and downloads it from B: a
   PDF, built on the worker's machine, served by a node that never had it on its disk.

Needs PostgreSQL (the nodes are other processes) and ``redis-server``; skipped without
them. Without an object store (no ``S3_TEST_ENDPOINT_URL``, moto not installed) steps 1-4
run and the last is skipped, saying why. About a minute on a 2-core machine.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from bench.cluster import Cluster, ObjectStore
from bench.webclient import Browser, Response, find_form
from reports.tests.helpers import database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "lsp-demo-2015"
# The demo's calendar as of this day has 2015/16 Q1 open, as the browser journeys use it.
DEMO_DAY = "2015-05-15"
FORUM = "Dacorum Community Safety Partnership"
COMMENTS = "/themes/reducing-crime-and-feeling-safe/comments/"
REPORT_YEAR = "2014"


@pytest.fixture
def cluster():
    if connection.vendor != "postgresql":
        pytest.skip("Web nodes are other processes: they cannot share SQLite's in-memory test database.")
    if shutil.which("redis-server") is None:
        pytest.skip("The nodes' shared Redis needs redis-server (apt-get install redis-server).")
    # The demo, loaded as production would (its own process, the production password hasher:
    # the suite's fast hasher is not one the nodes accept).
    subprocess.run(  # noqa: S603 — our own interpreter and arguments
        [sys.executable, "manage.py", "load_demo", "--today", DEMO_DAY],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "CELERY_BROKER_URL", "DJANGO_PRODUCTION"}},
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "partnership.settings",
        },
        check=True,
        capture_output=True,
    )
    with Cluster(
        database_url=database_url(), gunicorn_workers=1, object_store=ObjectStore.unavailable_reason() is None
    ) as running:
        yield running
        print(running.logs())  # shown by pytest only if the test failed


def text_of(response: Response) -> str:
    """The page's text as a person reads it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def follow(browser: Browser, response: Response) -> Response:
    assert response.status == 302, (response.status, text_of(response)[:2000])
    return browser.get(response.header("Location"))


def link_to(response: Response, pattern: str, text: str) -> str:
    """The ``href`` (matching ``pattern``) of the link whose text includes ``text``."""
    for href, inner in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', response.text, re.S):
        if re.fullmatch(pattern, href) and text in html.unescape(re.sub(r"<[^>]+>", "", inner)):
            return href
    raise AssertionError(f"No link {pattern} with {text!r} on the page:\n{text_of(response)[:3000]}")


def filled_return(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The return form as the officer sends it: a value for everything, a note beside each, a summary."""
    out = []
    for name, value in fields:
        if name.endswith("-value"):
            value = "100"
        elif name.endswith("-note"):
            value = "Patrols doubled in the town centre this quarter."
        elif name == "progress_summary":
            value = "Burglary awareness week held in Adeyfield."
        out.append((name, value))
    return [*out, ("submit", "")]


def wait_for(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"Timed out after {seconds:.0f} s waiting for {what}.")


def test_two_web_nodes_serve_one_journey(cluster):
    a, b = cluster.nodes

    # 1. Signed in on A; the same cookie is signed in on B.
    officer_on_a = a.browser()
    officer_on_a.sign_in("officer", PASSWORD)
    officer_on_b = b.browser(cookies=officer_on_a.cookies)
    mine = officer_on_b.get("/returns/")
    assert mine.status == 200 and "Your returns" in text_of(mine)

    # 2. The return: submitted on B, refused to its submitter and approved by the forum lead on A.
    edit = link_to(mine, r"/returns/\d+/\d+/edit/", f"the {FORUM} return")
    page = officer_on_b.get(edit)
    assert f"{FORUM}: return for 2015/16 Q1" in text_of(page)
    form = find_form(page.text, lambda f: any(name == "version" for name, _ in f.fields))
    submitted = follow(officer_on_b, officer_on_b.post(edit, filled_return(form.fields)))
    assert "Return submitted" in text_of(submitted), text_of(submitted)[:3000]

    detail = edit.removesuffix("edit/")
    own = officer_on_a.get(detail)
    assert "Submitted" in text_of(own) and "Approve and publish" not in text_of(own)
    lead = a.browser()
    lead.sign_in("forumlead", PASSWORD)
    page = lead.get(detail)
    approve = find_form(page.text, lambda f: f.action.endswith("/approve/"))
    approved = follow(lead, lead.post(approve.action, approve.fields))
    assert "Return approved: its values are ready" in text_of(approved), text_of(approved)[:3000]
    assert "Approve and publish" not in text_of(officer_on_b.get(detail))

    # 3. The annual report, asked for on A: the worker builds it while the residents' step runs.
    support_on_a = a.browser()
    support_on_a.sign_in("support", PASSWORD)
    manage = support_on_a.get("/reports/manage/")
    build = find_form(manage.text, lambda f: f.action.endswith("/reports/build/"))
    asked = support_on_a.post(build.action, [(k, REPORT_YEAR if k == "year" else v) for k, v in build.fields])
    assert asked.status == 302, text_of(asked)[:2000]

    # 4. A resident's comment: posted on A, confirmed on B, shown on B once approved on A.
    anonymous_on_b = b.browser()
    before = anonymous_on_b.get(COMMENTS)  # B caches the page, the comment not on it
    name = f"Resident {uuid.uuid4().hex[:6]}"
    body = f"The new street lighting on Marlowes makes the walk home feel safer ({name})."
    assert before.status == 200 and body not in before.text
    resident = a.browser()
    page = resident.get(COMMENTS)
    form = find_form(page.text, lambda f: any(field == "body" for field, _ in f.fields))
    assert dict(form.fields)["extra_comments"] == ""  # the honeypot, left empty as a person leaves it
    data = [(k, v) for k, v in form.fields if k not in {"display_name", "email", "body"}]
    data += [("display_name", name), ("email", "resident@example.org"), ("body", body)]
    sent = follow(resident, resident.post(form.action, data))
    assert "Check your email" in text_of(sent)

    def confirm_link() -> str | None:
        links = re.findall(r"https?://127\.0\.0\.1:\d+(/\S*?/confirm/[^\s/]+/)", cluster.worker_output())
        return links[-1] if links else None

    confirm = wait_for(confirm_link, seconds=60, what="the confirmation email (the worker's output)")
    resident_on_b = b.browser(cookies=resident.cookies)
    page = resident_on_b.get(confirm)
    assert page.status == 200 and "Confirm" in text_of(page)
    yes = find_form(page.text, lambda f: f.method == "post" and not f.action.endswith("/logout/"))
    confirmed = follow(resident_on_b, resident_on_b.post(yes.action or confirm, yes.fields))
    assert "Thank you: confirmed" in text_of(confirmed)
    assert body not in anonymous_on_b.get(COMMENTS).text  # pre-moderated: not shown yet

    queue = support_on_a.get("/moderation/")
    decision_page = support_on_a.get(link_to(queue, r"/moderation/comments/\d+/", name))
    decision = find_form(decision_page.text, lambda f: any(k == "reason" for k, _ in f.fields))
    data = [*decision.fields, ("decision", "approve"), ("save", "Record the decision")]
    decided = follow(support_on_a, support_on_a.post(decision.action or "", data))
    assert "is now: published" in text_of(decided), text_of(decided)[:2000]
    shown = anonymous_on_b.get(COMMENTS)
    assert body in html.unescape(shown.text) and name in html.unescape(shown.text)

    # 5. The report: ready on B's status page, downloaded from B.
    support_on_b = b.browser(cookies=support_on_a.cookies)
    status_page = f"/reports/{REPORT_YEAR}/status/"
    wait_for(
        lambda: "Ready to publish" in text_of(support_on_b.get(status_page)),
        seconds=240,
        what="the annual report to be built",
    )
    if cluster.store is None:
        pytest.skip(f"Steps 1-4 passed; downloading the report from node B needs {ObjectStore.unavailable_reason()}.")
    pdf = support_on_b.get(f"/reports/{REPORT_YEAR}/annual-report.pdf")
    if pdf.status in {302, 303, 307}:  # the portal checked permission, then sent a short-lived signed URL
        signed = urlsplit(pdf.header("Location"))
        assert f"{signed.scheme}://{signed.netloc}" == cluster.store.endpoint_url, signed
        assert "Signature=" in signed.query or "X-Amz-Signature=" in signed.query, signed
        store = Browser(signed.port, host=signed.hostname)
        pdf = store.request("GET", f"{signed.path}?{signed.query}", headers={"Host": signed.netloc})
    assert pdf.status == 200, text_of(pdf)[:2000]
    assert pdf.header("Content-Type") == "application/pdf"
    assert pdf.body.startswith(b"%PDF-") and len(pdf.body) > 10_000
    # No machine holds it on its disk: the worker's build went to the object store.
    for directory in [*(node.directory for node in cluster.nodes), cluster.worker_directory]:
        assert not any(directory.rglob("*.pdf")), directory
