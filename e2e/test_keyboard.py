"""Keyboard only: Tab, Shift+Tab, Enter, Space and arrow keys — never the mouse.

The skip link, signing in, and a resident's comment from the theme's page to the
confirmation, with a visible focus indicator on everything that takes focus.
"""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from e2e.support import emails_to, focused, link_in_email, main_text, tab_to

pytestmark = pytest.mark.browser


def active_is_inside(page, selector: str) -> bool:
    return page.evaluate("(selector) => Boolean(document.activeElement.closest(selector))", selector)


def test_skip_link_comes_first_and_jumps_to_the_content(new_page, portal) -> None:
    page = new_page()
    page.goto(portal("/"))
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and first["text"] == "Skip to main content", first
    assert first["indicator"], "the skip link has no visible focus indicator"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10 and box["y"] >= 0, f"skip link not shown on focus: {box}"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert active_is_inside(page, "main"), f"Tab after the skip link left the content: {focused(page)}"


def test_every_control_on_the_home_page_shows_where_focus_is(new_page, portal) -> None:
    page = new_page()
    page.goto(portal("/"))
    missing, seen = [], set()
    for _ in range(250):
        page.keyboard.press("Tab")
        now = focused(page)
        key = (now["tag"], now["id"], now["text"])
        if now["tag"] == "body" or key in seen:
            break  # past the last control, back at the start
        seen.add(key)
        if not now["indicator"]:
            missing.append(f"{now['tag']} “{now['text'] or now['id']}”")
    assert len(seen) > 15, f"only {len(seen)} controls reached by Tab"
    assert not missing, f"No visible focus indicator (WCAG 2.4.7) on: {', '.join(missing)}"


def test_keyboard_only_sign_in(new_page, portal) -> None:
    page = new_page()
    page.goto(portal("/"))
    # The header's sign-in link, reached by Tab and followed with Enter.
    tab_to(page, lambda el: el["tag"] == "a" and el["text"] == "Partner sign in")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_username", "the username box should have focus when the page opens"
    page.keyboard.type("officer")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type("lsp-demo-2015")
    button = tab_to(page, lambda el: el["tag"] == "button" or el["type"] == "submit")
    assert button["text"] == "Sign in" and button["indicator"], button
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.get_by_role("heading", level=1).inner_text() == "Your returns"


def test_keyboard_only_comment(new_page, portal) -> None:
    try:
        comments_path = reverse("consultation:theme-comments", args=["reducing-crime-and-feeling-safe"])
    except NoReverseMatch:
        pytest.skip("Comments are not built yet: consultation:theme-comments does not exist")
    page = new_page()
    page.goto(portal(comments_path))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip to the content

    # “Add your comment” jumps to the form; Tab then walks it in order.
    tab_to(page, lambda el: el["tag"] == "a" and el["text"] == "Add your comment")
    page.keyboard.press("Enter")
    name = tab_to(page, lambda el: el["name"] == "display_name")
    assert name["indicator"], name
    page.keyboard.type("Robin")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "email"
    page.keyboard.type("robin@example.org")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "area"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("combobox", name="Your area").input_value() != ""
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "body"
    body = "Typed without a mouse: please keep the Gadebridge Park gates open later in summer."
    page.keyboard.type(body)
    # Next stop is the button: the spam trap box is never in the way.
    button = tab_to(page, lambda el: el["type"] == "submit" or el["tag"] == "button", limit=3)
    assert button["text"] == "Send comment" and button["indicator"], button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email", main_text(page)[:800]
    assert len(emails_to("robin@example.org")) == 1

    # The emailed link, then Confirm by keyboard.
    page.goto(link_in_email("robin@example.org", "/confirm/"))
    confirm = tab_to(page, lambda el: el["text"] == "Confirm")
    assert confirm["indicator"], confirm
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "confirm" in main_text(page).lower()
