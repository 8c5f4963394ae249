"""The site header on a phone: the name and a menu button on one line, the rest behind it.

Below 768 CSS pixels the navigation and the account links fold into a ``<details>`` menu
(no JavaScript), so the header takes at most 120 px of a 320 px screen before the content.
At desktop width the menu button is gone and the navigation is shown in full.
"""

from __future__ import annotations

import pytest

from e2e.support import DESKTOP, NARROW, describe_violations, focused, run_axe, tab_to

pytestmark = pytest.mark.browser

MAX_HEADER_PX = 120


def header_height(page) -> float:
    return page.evaluate("document.querySelector('header.site-header').getBoundingClientRect().height")


@pytest.mark.parametrize("username", [None, "support"], ids=["visitor", "support-group"])
def test_on_a_phone_the_header_is_one_line_and_the_menu_opens_by_keyboard(new_page, portal, username) -> None:
    page = new_page(username)
    page.set_viewport_size(NARROW)
    page.goto(portal("/"))
    assert header_height(page) <= MAX_HEADER_PX, f"the header takes {header_height(page)} px at 320 px"
    menu = page.locator("summary", has_text="Menu")
    assert menu.is_visible()
    assert not page.locator("header").get_by_role("link", name="Consultations").first.is_visible()

    tab_to(page, lambda el: el["tag"] == "summary")
    assert focused(page)["indicator"], "the menu button shows no focus indicator"
    page.keyboard.press("Enter")
    nav = page.get_by_role("navigation", name="Main menu")
    for name in ("The plan", "Have your say", "Consultations", "Annual reports", "Areas", "Partners"):
        assert nav.get_by_role("link", name=name, exact=True).is_visible(), name
    account = "Sign out" if username else "Partner sign in"
    assert page.locator(".site-menu-body").get_by_text(account, exact=True).is_visible()
    violations = run_axe(page)
    assert not violations, describe_violations(violations, "home page at 320 px with the menu open")

    page.keyboard.press("Tab")  # into the open menu: the first link is the next stop
    assert focused(page)["text"] == "The plan"


def test_at_desktop_width_there_is_no_menu_button_and_the_navigation_shows(new_page, portal) -> None:
    page = new_page()
    page.set_viewport_size(DESKTOP)
    page.goto(portal("/"))
    assert not page.locator("summary", has_text="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Main", exact=True)
    assert nav.get_by_role("link", name="How the plan is monitored").is_visible()
    assert page.get_by_role("link", name="Partner sign in").is_visible()


def test_managing_the_report_and_the_public_archive_have_names_that_cannot_be_confused(new_page, portal) -> None:
    page = new_page("support")
    page.set_viewport_size(DESKTOP)
    page.goto(portal("/"))
    assert page.get_by_role("link", name="Build the annual report").is_visible()
    assert page.locator("header").get_by_role("link", name="Annual reports", exact=True).is_visible()
    assert page.get_by_role("link", name="Annual report", exact=True).count() == 0
