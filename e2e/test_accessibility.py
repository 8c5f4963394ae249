"""Every page, in Chromium: axe-core (WCAG 2.2 A and AA) finds nothing, nothing scrolls sideways
at 320 px, and the browser logs no errors (a script or style the CSP blocked, a missing file).

One test per page, so a failure names the page; the pages are listed in ``e2e/pages.py``.
"""

from __future__ import annotations

import pytest

from e2e.pages import PUBLIC, SIGNED_IN, Check
from e2e.support import DESKTOP, NARROW, check_page, horizontal_overflow, main_text, run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("check", PUBLIC + SIGNED_IN, ids=lambda check: check.id)
def test_page_is_accessible(check: Check, portal, page_for) -> None:
    tracked = page_for(check.user)
    page = tracked.page
    path = check.url()
    tracked.take_console_errors()
    response = page.goto(portal(path))
    assert response is not None and response.status == check.status, (
        f"{path} as {check.user or 'a visitor'}: HTTP {response.status if response else '?'}, "
        f"expected {check.status}\n{main_text(page)[:800] if page.locator('main').count() else page.content()[:800]}"
    )
    if check.action:
        check.action(page)
    if check.expect:
        assert check.expect in main_text(page), f"{check.id}: expected “{check.expect}” on the page"
    errors = tracked.take_console_errors()
    # Forms answered 400 with their errors log the status as a console error; that is not a fault.
    errors = [e for e in errors if "status of 400" not in e and "status of 404" not in e]
    # Partner pages are checked by axe-core at both widths: their tables scroll sideways on a phone.
    check_page(
        page,
        f"{check.id} ({page.url}, as {check.user or 'a visitor'})",
        console_errors=errors,
        axe_narrow=check.user is not None,
    )


def test_the_checks_catch_what_they_should(portal, page_for) -> None:
    """A canary: on a page spoilt on purpose, axe-core reports the faults and reflow fails."""
    page = page_for(None).page
    page.goto(portal("/"))
    page.evaluate(
        """() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend',
            '<img src="/static/img/logo.svg"><a href="#"></a>'
            + '<p style="color:#bbb;background:#fff">Faint text</p>'
            + '<div style="width:900px">Too wide</div>');
    }"""
    )
    found = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "link-name", "color-contrast"} <= found, found
    page.set_viewport_size(NARROW)
    assert horizontal_overflow(page) is not None
    page.set_viewport_size(DESKTOP)
    page.goto(portal("/"))  # leave the shared page as it was
