"""Every form, sent with nothing filled in (or with what it refuses), in Chromium: the GOV.UK
error pattern.

For each form: the page comes back titled "Error: …"; the error summary ("There is a
problem") is at the top of the main content and has focus; it links to each field with a
problem, and each field is described by its own message, the same words; following a link
focuses the field; axe-core finds nothing (at 320 px too, for partner pages) and nothing
scrolls sideways. The error pages are then checked by the W3C Nu checker, together.

The same pattern is checked on the HTML as served by each app's tests
(``partnership/tests/error_pattern.py``). The return form has its own test: its summary
names the indicator and the area of each problem, so its lines say more than the message
beside each field, and some fields sit in folded sections that must be open.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from e2e import content
from e2e.pages import CSP, CYP_FORUM, return_url, url
from e2e.support import VNU_JAR, check_page, main_text, require, unavailable

pytestmark = pytest.mark.browser

NAME, EMAIL = "Enter your name", "Enter your email address"


@dataclass(frozen=True)
class FormCase:
    id: str
    user: str | None
    url: Callable[[], str]
    button: str
    fields: dict[str, str]  # the id each summary link leads to → its message, in the page's order
    problems: tuple[str, ...] = ()  # the form's own problems, without a link
    before: Callable | None = None  # what the person does before pressing the button


def choose(label: str) -> Callable:
    def act(page) -> None:
        page.locator("main").get_by_label(label, exact=True).check()

    return act


def type_too_much(label: str, length: int) -> Callable:
    def act(page) -> None:
        # More than the box's maxlength lets a person type: what a client that ignores it could send.
        page.locator("main").get_by_label(label).evaluate("(box, n) => { box.value = 'x'.repeat(n); }", length)

    return act


CASES = [
    FormCase(
        "comment",
        None,
        lambda: url("consultation:theme-comments", content.theme(1).slug),
        "Send comment",
        {"id_display_name": NAME, "id_email": EMAIL, "id_body": "Enter your comment"},
    ),
    FormCase(
        "reply",
        None,
        lambda: url("consultation:comment-reply", content.published_comment().pk),
        "Send reply",
        {"id_display_name": NAME, "id_email": EMAIL, "id_body": "Enter your comment"},
    ),
    FormCase(
        "report-a-comment",
        None,
        lambda: url("consultation:comment-report", content.published_comment().pk),
        "Report this comment",
        {"id_reason_0": "Select what is wrong with this comment"},
    ),
    FormCase(
        "official-response",
        "forumlead",
        lambda: url("consultation:comment-respond", content.published_comment().pk),
        "Publish the response",
        {"id_body": "Enter the response"},
    ),
    FormCase(
        "suggestion",
        None,
        lambda: url("consultation:suggestion-new"),
        "Send my suggestion",
        {
            "id_theme": "Select the part of the plan your suggestion is about",
            "id_title": "Enter your suggestion in a few words",
            "id_body": "Enter what should change, and why",
            "id_display_name": NAME,
            "id_email": EMAIL,
        },
    ),
    FormCase(
        "consultation-response",
        None,
        lambda: url("consultation:consultation-detail", content.consultation().slug),
        "Send my response",
        {"id_email": EMAIL},
    ),
    FormCase(
        "workshop-request",
        None,
        lambda: url("consultation:workshop-request"),
        "Request a workshop",
        {"id_group_name": "Enter the name of your community group", "id_contact_name": NAME, "id_email": EMAIL},
    ),
    FormCase(
        "mailing-list-request",
        None,
        lambda: url("consultation:mailing-list-request"),
        "Ask to join",
        {"id_forum": "Select the forum you would like to hear from", "id_name": NAME, "id_email": EMAIL},
    ),
    FormCase(
        "moderate-comment",
        "support",
        lambda: url("consultation:moderation-comment", content.pending_comment().pk),
        "Record the decision",
        {"id_decision_0": "Select approve or reject"},
    ),
    FormCase(
        "moderate-comment-reject-without-reason",
        "support",
        lambda: url("consultation:moderation-comment", content.pending_comment().pk),
        "Record the decision",
        {"id_reason": "Enter a reason for rejecting or removing the comment"},
        before=choose("Reject (or remove, if published)"),
    ),
    FormCase(
        "moderate-suggestion",
        "support",
        lambda: url("consultation:moderation-suggestion", content.pending_suggestion().pk),
        "Record the decision",
        {"id_decision_0": "Select whether to publish the suggestion"},
    ),
    FormCase(
        "answer-suggestion",
        "support",
        lambda: url("consultation:suggestion-manage", content.suggestion().pk),
        "Save and publish",
        {"id_response": "Enter the partnership's answer: adopted and not adopted need a reason"},
        before=choose("Not adopted"),
    ),
    FormCase(
        "sign-in",
        None,
        lambda: url("login"),
        "Sign in",
        {"id_username": "Enter your username", "id_password": "Enter your password"},
    ),
    FormCase("password-reset", None, lambda: url("password_reset"), "Send the link", {"id_email": EMAIL}),
    FormCase(
        "password-change",
        "officer",
        lambda: url("password_change"),
        "Change password",
        {
            "id_old_password": "Enter your current password",
            "id_new_password1": "Enter a new password",
            "id_new_password2": "Enter the new password again",
        },
    ),
    FormCase(
        "report-introduction",
        "support",
        lambda: url("reports:report-status", content.published_report().year),
        "Save the introduction",
        {"id_text": "The introduction must be 20,000 characters or fewer"},
        before=type_too_much("Chair's introduction for this year", 20_001),
    ),
    FormCase(
        "period-backfill",
        "support",
        lambda: url("returns:period-backfill"),
        "Open for back-fill",
        {"id_period": "Select a quarter", "id_reason": "Enter why this quarter is being back-filled"},
    ),
    FormCase(
        "import-upload",
        "officer",
        lambda: return_url("returns:return-import", CYP_FORUM),
        "Upload and preview",
        {"id_file": "Select a CSV or Excel file"},
    ),
]


@dataclass
class ErrorPages:
    """The error pages seen so far (case id → HTML), for the Nu checker at the end."""

    html: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def error_pages() -> ErrorPages:
    return ErrorPages()


def send_empty(case: FormCase, page, portal) -> None:
    response = page.goto(portal(case.url()))
    assert response is not None and response.ok, f"{case.id}: HTTP {response.status if response else '?'}"
    if case.before:
        case.before(page)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=case.button).last.click()
    page.wait_for_load_state("load")


SUMMARY_STATE = """() => {
    const summary = document.getElementById('error-summary');
    if (!summary) return null;
    const described = (input) => {
        const own = input.getAttribute('aria-describedby');
        const ids = (own || input.closest('fieldset')?.getAttribute('aria-describedby') || '').split(/\\s+/);
        const text = (id) => (document.getElementById(id)?.innerText || '').replace(/\\s+/g, ' ').trim();
        return ids.filter(Boolean).map(text);
    };
    const items = [...summary.querySelectorAll('li')].map((li) => {
        const link = li.querySelector('a');
        const id = link ? decodeURIComponent(link.getAttribute('href').slice(1)) : null;
        const input = id ? document.getElementById(id) : null;
        return {
            id, text: li.innerText.replace(/\\s+/g, ' ').trim(),
            found: Boolean(input), invalid: input ? input.getAttribute('aria-invalid') === 'true' : false,
            described: input ? described(input) : [],
        };
    });
    return {
        focused: document.activeElement === summary,
        // Nothing before it in the main content: its heading is the first heading, paragraph or form there.
        first: document.querySelector('main h1, main h2, main form, main p') === summary.querySelector('h2'),
        heading: summary.querySelector('h2')?.innerText.trim(),
        items,
    };
}"""


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_form_sent_with_problems_shows_the_error_pattern(case: FormCase, portal, page_for, error_pages) -> None:
    tracked = page_for(case.user)
    page = tracked.page
    tracked.take_console_errors()
    send_empty(case, page, portal)
    where = f"{case.id} ({page.url}, as {case.user or 'a visitor'})"

    assert page.title().startswith("Error: "), f"{where}: title “{page.title()}”"
    state = page.evaluate(SUMMARY_STATE)
    assert state is not None, f"{where}: no error summary\n{main_text(page)[:800]}"
    assert state["heading"] == "There is a problem"
    assert state["first"], f"{where}: the summary is not the first thing in the main content"
    assert state["focused"], f"{where}: focus is not on the summary"
    assert [item["text"] for item in state["items"] if item["id"] is None] == list(case.problems)
    linked = [item for item in state["items"] if item["id"] is not None]
    assert [item["id"] for item in linked] == list(case.fields), f"{where}: {state['items']}"
    for item in linked:
        assert item["found"] and item["invalid"], f"{where}: the link to #{item['id']} leads to no invalid field"
        assert f"Error: {item['text']}" in item["described"], f"{where}: #{item['id']} is described by {item}"
        assert item["text"] == case.fields[item["id"]]
    assert "This field is required" not in main_text(page)

    # Following a link puts the cursor in the field (static/js/error-summary.js).
    first = linked[0]["id"]
    page.locator("#error-summary a").first.click()
    assert page.evaluate("() => document.activeElement.id") == first
    error_pages.html[case.id] = page.content()

    errors = [e for e in tracked.take_console_errors() if "status of 400" not in e]
    check_page(page, where, console_errors=errors, axe_narrow=case.user is not None)


RETURN_FORM_ID = "return-form"

RETURN_FORM_STATE = """() => [...document.querySelectorAll('#error-summary li')].map((li) => {
    const link = li.querySelector('a');
    const id = link ? decodeURIComponent(link.getAttribute('href').slice(1)) : null;
    const input = id ? document.getElementById(id) : null;
    const refs = (input?.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    return {
        id, text: li.innerText.replace(/\\s+/g, ' ').trim(),
        invalid: input ? input.getAttribute('aria-invalid') === 'true' : false,
        described: refs.map((ref) => (document.getElementById(ref)?.innerText || '').replace(/\\s+/g, ' ').trim()),
        inDetails: Boolean(input?.closest('details')),
        detailsOpen: input?.closest('details')?.open ?? null,
    };
})"""


def test_the_return_form_names_the_indicator_and_area_of_each_problem(portal, page_for, error_pages):
    """The return form with two values it refuses, one borough-wide and one an area's (folded away in a
    <details>): each summary line reads “Indicator — area: …” and links to its input; the area values
    come back open, and the link focuses the area's input. A refused "Save draft" saves nothing, so the
    journeys find the return as the demo left it; a refused submit is tested in
    ``returns/tests/test_return_form_errors.py``."""
    tracked = page_for("officer")
    page = tracked.page
    tracked.take_console_errors()
    page.goto(portal(return_url("returns:return-edit", CSP)))
    fieldset = page.locator("main fieldset.return-indicator").filter(has=page.locator("details")).first
    indicator = fieldset.locator("legend").inner_text().split(" ", 1)[1]
    fieldset.locator("input[inputmode=decimal]").first.fill("lots")
    fieldset.locator("details > summary").click()
    area_row = fieldset.locator("details tbody tr").first
    area = area_row.locator("th").inner_text().strip()
    area_row.locator("input[inputmode=decimal]").fill("twelve")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("load")
    where = f"the return form ({page.url})"

    assert page.title().startswith("Error: "), page.title()
    state = page.evaluate(SUMMARY_STATE)
    assert state is not None, f"{where}: no error summary"
    assert state["heading"] == "There is a problem"
    assert state["first"] and state["focused"], f"{where}: {state}"
    items = page.evaluate(RETURN_FORM_STATE)
    number = "enter a number, like 1234 or 56.7."
    assert [item["text"] for item in items] == [
        f"{indicator} — whole area: {number}",
        f"{indicator} — {area}: {number}",
    ], f"{where}: {items}"
    for item in items:
        assert item["invalid"], f"{where}: #{item['id']} is not marked invalid"
        assert "Error: Enter a number, like 1234 or 56.7." in item["described"], item
    borough, in_area = items
    assert not borough["inDetails"]
    assert in_area["inDetails"] and in_area["detailsOpen"], f"{where}: the area values are folded: {in_area}"

    # Following the link to the area's value puts the cursor in it, inside its open section.
    page.locator("#error-summary a").nth(1).click()
    assert page.evaluate("() => document.activeElement.id") == in_area["id"]
    assert page.locator(f"[id='{in_area['id']}']").is_visible()
    error_pages.html[RETURN_FORM_ID] = page.content()
    errors = [e for e in tracked.take_console_errors() if "status of 400" not in e]
    check_page(page, where, console_errors=errors, axe_narrow=True)


def test_the_error_pages_are_valid_html(portal, page_for, error_pages, tmp_path) -> None:
    """The W3C Nu checker on every error page above (each submitted again here if it was not seen)."""
    require(VNU_JAR, "The Nu HTML checker", "npm ci --prefix e2e --ignore-scripts")
    java = shutil.which("java")
    if java is None:
        unavailable("Java not found: apt-get install default-jre-headless")
    for case in CASES:
        if case.id not in error_pages.html:
            page = page_for(case.user).page
            send_empty(case, page, portal)
            error_pages.html[case.id] = page.content()
    files = {}
    for case_id, html in error_pages.html.items():
        path = tmp_path / f"{case_id}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = case_id
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
    run = subprocess.run(  # noqa: S603 — a fixed command on files this test wrote
        [*command, *(str(tmp_path / name) for name in files)], capture_output=True, text=True, timeout=120, check=True
    )
    problems = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], '?')}: line {m.get('lastLine', '?')}: {m.get('message')}"
        f"\n      {' '.join(m.get('extract', '').split())[:160]}"
        for m in json.loads(run.stderr)["messages"]
    ]
    assert not problems, f"{len(problems)} HTML error(s) on the error pages:\n  " + "\n  ".join(problems)
