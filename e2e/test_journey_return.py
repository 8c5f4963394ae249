"""The quarterly return, end to end: the officer fills it in and submits it, the forum lead
approves it, the support group publishes the quarter, and residents see the new figures on the
theme's page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from e2e.support import main_text, messages_text

pytestmark = pytest.mark.browser

FORUM = "Dacorum Community Safety Partnership"
THEME_PATH = "/themes/reducing-crime-and-feeling-safe/"
OPEN_PERIOD = "2015/16 Q1"
PUSHED_OFF_TARGET = "Total recorded crime"  # entered far above last quarter: off target, needs a note


def number(text: str) -> Decimal | None:
    text = text.strip().replace(",", "").rstrip("%")
    return None if text in ("", "none") else Decimal(text)


def last_quarter(fieldset) -> Decimal | None:
    context = fieldset.locator("dl.return-context")
    for item in context.locator("div").all():
        if item.locator("dt").inner_text().strip() == "Last quarter":
            return number(item.locator("dd").inner_text())
    return None


def fill_values(page) -> dict[str, Decimal]:
    """Every value, borough-wide and for every area: last quarter's figure, except one pushed off target."""
    entered = {}
    for fieldset in page.locator("main fieldset.return-indicator").all():
        legend = fieldset.locator("legend").inner_text()
        title = legend.split(" ", 1)[1]
        previous = last_quarter(fieldset) or Decimal(10)
        factor = Decimal(3) if title == PUSHED_OFF_TARGET else Decimal(1)
        value = previous * factor
        fieldset.locator("input[inputmode=decimal]").first.fill(f"{value.normalize():f}")
        entered[title] = value
        details = fieldset.locator("details")
        if details.count():
            details.locator("summary").click()
            for row in details.locator("tbody tr").all():
                area_previous = number(row.locator("td").nth(1).inner_text()) or Decimal(1)
                row.locator("input[inputmode=decimal]").fill(f"{(area_previous * factor).normalize():f}")
    return entered


def test_officer_submits_the_return_and_the_forum_lead_approves_it(new_page, portal) -> None:
    officer = new_page("officer")

    # My returns: the forum's return for the open quarter, not started.
    assert officer.get_by_role("heading", level=1).inner_text() == "Your returns"
    officer.get_by_role("link", name=f"the {FORUM} return").click()
    officer.wait_for_load_state()
    assert f"{FORUM}: return for {OPEN_PERIOD}" in officer.get_by_role("heading", level=1).inner_text()

    entered = fill_values(officer)
    assert PUSHED_OFF_TARGET in entered, entered
    officer.get_by_role("textbox", name="Progress this quarter").fill(
        "Town-centre patrols doubled in the evenings; burglary awareness week held in Adeyfield."
    )
    with officer.expect_navigation():
        officer.get_by_role("button", name="Save draft").click()
    assert "Draft saved." in messages_text(officer), messages_text(officer)

    # The saved draft shows each value's status: a note is needed for every red one.
    red = officer.locator("main fieldset.return-indicator").filter(has=officer.locator(".rag-red"))
    red_titles = [fieldset.locator("legend").inner_text() for fieldset in red.all()]
    assert any(PUSHED_OFF_TARGET in title for title in red_titles), red_titles

    # Submitting without the notes is refused, with the reason beside each red value.
    with officer.expect_navigation():
        officer.get_by_role("button", name="Submit for sign-off").click()
    # (Said under the error summary, which lists each red value by indicator and area.)
    assert "Saved as a draft but not submitted" in main_text(officer), main_text(officer)[:1500]
    assert f"{PUSHED_OFF_TARGET} — whole area: this value is off target (red): add a note explaining why." in (
        officer.locator("#error-summary").inner_text()
    )

    for fieldset in officer.locator("main fieldset.return-indicator").filter(has=officer.locator(".rag-red")).all():
        fieldset.get_by_role("textbox", name="Note").fill(
            "A spike in vehicle crime in Hemel town centre; the CSP has put extra patrols in place."
        )
    with officer.expect_navigation():
        officer.get_by_role("button", name="Submit for sign-off").click()
    assert "Return submitted" in messages_text(officer), main_text(officer)[:1500]
    assert "Submitted" in main_text(officer)

    # The forum lead signs in, finds the return waiting and approves it.
    lead = new_page("forumlead")
    row = lead.locator("main tr").filter(has_text=FORUM).filter(has_text=OPEN_PERIOD).first
    assert "Submitted" in row.inner_text(), row.inner_text()
    row.get_by_role("link").first.click()
    lead.wait_for_load_state()
    with lead.expect_navigation():
        lead.get_by_role("button", name=re.compile("^Approve")).click()
    assert "Return approved: its values are ready" in messages_text(lead), messages_text(lead)

    # Not public yet: residents still see the last published quarter.
    resident = new_page()
    resident.goto(portal(THEME_PATH))
    assert OPEN_PERIOD not in resident.locator("#measures").inner_text()

    # The support group publishes the quarter, told which returns are still outstanding.
    support = new_page("support")
    support.goto(portal("/returns/periods/"))
    support.get_by_role("link", name=f"Publish {OPEN_PERIOD}…").click()
    support.wait_for_load_state()
    assert FORUM in support.locator("section[aria-labelledby=ready-heading]").inner_text()
    outstanding = support.locator("section[aria-labelledby=outstanding-heading]").inner_text()
    assert "Still outstanding" in outstanding and FORUM not in outstanding, outstanding
    with support.expect_navigation():
        support.locator("main button[type=submit]").filter(has_text=f"Publish {OPEN_PERIOD}").click()
    assert f"{OPEN_PERIOD} published" in messages_text(support), messages_text(support)

    # Residents see the new quarter and the new figure on the theme's page.
    resident.goto(portal(THEME_PATH))
    measures = resident.locator("#measures")
    assert OPEN_PERIOD in measures.inner_text()
    crime_row = measures.locator("tr").filter(has_text=PUSHED_OFF_TARGET)
    assert f"{entered[PUSHED_OFF_TARGET]:,.0f}" in crime_row.inner_text(), crime_row.inner_text()
    assert "Off target" in crime_row.inner_text()


def test_officer_sees_the_reason_beside_a_bad_value_and_keeps_what_was_typed(new_page) -> None:
    officer = new_page("officer")
    officer.get_by_role("link", name="the Dacorum Children and Young People's Strategic Partnership return").click()
    officer.wait_for_load_state()
    first_value = officer.locator("main fieldset input[inputmode=decimal]").first
    first_value.fill("about forty")
    officer.get_by_role("textbox", name="Progress this quarter").fill("Kept after an error.")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Save draft").click()

    summary = officer.locator("#error-summary")
    assert summary.is_visible()
    assert "— whole area: enter a number, like 1234 or 56.7." in summary.inner_text()  # named by indicator and area
    assert "Enter a number" in officer.locator("main fieldset").first.inner_text()  # and said beside the field
    # The summary links to the field, and everything typed is still there.
    summary.get_by_role("link").first.click()
    assert officer.evaluate("document.activeElement.value") == "about forty"
    assert officer.get_by_role("textbox", name="Progress this quarter").input_value() == "Kept after an error."
