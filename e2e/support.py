"""Helpers for the browser tests: the tools' paths, signing in, axe-core, reflow and focus checks.

Tests import from here, never from a conftest. Everything drives the page as a person
would (labels, roles, link text), so a test breaks when what people see changes, not
when markup is tidied.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent
NODE_MODULES = E2E_DIR / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
# Debian's Chromium, headless. No sandbox: CI runs as root. The rest stops the browser's
# own background traffic (updates, sync, first-run pages): it talks only to the portal.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}  # WCAG 1.4.10 Reflow: 320 CSS pixels wide
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def unavailable(message: str) -> None:
    """A tool is missing: skip on a developer's machine, fail in CI (``CI`` set), where it must be there."""
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


INSTALL_HINT = (
    "apt-get install chromium default-jre-headless nodejs npm && npm ci --prefix e2e --ignore-scripts"
    " (Playwright for Python comes with requirements.txt)"
)


def missing_browser_tools() -> list[str]:
    """What the browser tests need and this machine lacks (empty: they can run)."""
    import importlib.util
    import shutil

    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("Playwright for Python")
    if not CHROMIUM.exists():
        missing.append(f"Chromium ({CHROMIUM})")
    if not AXE_JS.exists():
        missing.append("axe-core (npm)")
    if not VNU_JAR.exists():
        missing.append("the Nu HTML checker (npm)")
    if shutil.which("java") is None:
        missing.append("Java")
    return missing


def require(path: Path, what: str, how: str) -> None:
    if not path.exists():
        unavailable(f"{what} not found at {path}: {how}")


# --- People -----------------------------------------------------------------------------------


def sign_in(page, base_url: str, username: str, password: str | None = None) -> None:
    """Sign in through the form, as a person does (the demo's password unless given), and wait for the next page."""
    if password is None:
        from demo.plan import DEMO_PASSWORD as password
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/accounts/login/" not in page.url, f"{username} could not sign in: {main_text(page)[:500]}"


def main_text(page) -> str:
    return page.locator("main").inner_text()


def messages_text(page) -> str:
    """The flash messages at the top of the page (success, error, info)."""
    alerts = page.locator("main .messages")
    return alerts.inner_text() if alerts.count() else ""


# --- Accessibility ----------------------------------------------------------------------------


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now.

    The portal's Content-Security-Policy refuses inline scripts, so ``add_script_tag``
    is blocked; ``evaluate`` runs through the DevTools protocol, which the policy does
    not govern, so the page is checked with its real CSP in force.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict], where: str) -> str:
    """Violations as a reader wants them: rule, impact, help link, then each element and why."""
    lines = [f"{len(violations)} axe-core violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"\n* {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"  - {target}\n    {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"  … and {len(violation['nodes']) - 8} more element(s)")
    return "\n".join(lines)


def horizontal_overflow(page) -> dict | None:
    """At the current viewport: None if nothing scrolls sideways, else the widths and the widest culprits."""
    return page.evaluate(
        """() => {
        const doc = document.documentElement;
        if (doc.scrollWidth <= window.innerWidth) return null;
        const culprits = [];
        for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.right > window.innerWidth + 1 && box.width > 0) {
                let inScroller = false;
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    const style = getComputedStyle(p);
                    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) { inScroller = true; break; }
                }
                if (!inScroller) culprits.push({
                    element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                        + (el.className && typeof el.className === 'string'
                           ? '.' + el.className.trim().split(/\\s+/).join('.') : ''),
                    right: Math.round(box.right),
                });
            }
        }
        culprits.sort((a, b) => b.right - a.right);
        return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, culprits: culprits.slice(0, 6)};
    }"""
    )


@dataclass
class PageProblems:
    """Everything wrong with one page, gathered so that one failure reports all of it."""

    where: str
    problems: list[str]

    def add(self, text: str) -> None:
        self.problems.append(text)

    def check(self) -> None:
        if self.problems:
            pytest.fail("\n\n".join([f"Problems on {self.where}:", *self.problems]), pytrace=False)


def check_page(page, where: str, *, console_errors: list[str] | None = None, axe_narrow: bool = False) -> None:
    """axe-core at desktop width, then no sideways scrolling at 320 px; every problem in one report.

    ``axe_narrow``: axe-core runs at 320 px too (tables that scroll sideways there must be
    reachable by keyboard: WCAG 2.1.1, axe's ``scrollable-region-focusable``).
    """
    found = PageProblems(where, [])
    page.set_viewport_size(DESKTOP)
    violations = run_axe(page)
    if violations:
        found.add(describe_violations(violations, where))
    page.set_viewport_size(NARROW)
    if axe_narrow:
        violations = run_axe(page)
        if violations:
            found.add(describe_violations(violations, f"{where} at 320 px"))
    overflow = horizontal_overflow(page)
    if overflow:
        found.add(
            "Scrolls sideways at 320 px (WCAG 1.4.10 Reflow): document is "
            f"{overflow['scrollWidth']} px wide in a {overflow['innerWidth']} px window; widest elements "
            f"outside a scrolling container: {json.dumps(overflow['culprits'])}"
        )
    page.set_viewport_size(DESKTOP)
    if console_errors:
        found.add(
            "Browser console errors (a blocked script or style, or a missing file):\n  " + "\n  ".join(console_errors)
        )
    found.check()


def focused(page) -> dict:
    """What has keyboard focus: tag, id, name, text and whether a focus indicator is drawn."""
    return page.evaluate(
        """() => {
        const el = document.activeElement;
        if (!el || el === document.body) return {tag: 'body', id: '', name: '', text: '', type: '', indicator: false};
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== 'none';
        return {
            tag: el.tagName.toLowerCase(), id: el.id || '', name: el.getAttribute('name') || '',
            text: (el.innerText || el.value || '').trim().slice(0, 80), type: el.getAttribute('type') || '',
            indicator: Boolean(outline || shadow),
        };
    }"""
    )


def tab_to(page, matches, *, limit: int = 150, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until ``matches(focused)`` is true; fail if it never is."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = focused(page)
        if matches(now):
            return now
        seen.append(f"{now['tag']}#{now['id'] or now['name'] or now['text'][:30]}")
    pytest.fail(f"Never reached the element by keyboard after {limit} presses; passed: {', '.join(seen[-30:])}")


# --- Email --------------------------------------------------------------------------------------


def emails_to(address: str) -> list:
    """What the portal has sent to ``address`` during this test (Django's test outbox)."""
    from django.core import mail

    return [message for message in mail.outbox if address in message.to]


def link_in_email(address: str, contains: str) -> str:
    """The last link containing ``contains`` in the emails sent to ``address``."""
    links = [
        link
        for message in emails_to(address)
        for link in re.findall(r"https?://[^\s<>\"]+", message.body)
        if contains in link
    ]
    assert links, f"No email to {address} with a link containing {contains!r}; sent: {len(emails_to(address))}"
    return links[-1]


# --- Residents ------------------------------------------------------------------------------------


def fill_comment_form(page, *, name: str, email: str, body: str, area: str | None = None) -> None:
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("textbox", name="Your email address").fill(email)
    if area:
        page.get_by_role("combobox", name="Your area").select_option(label=area)
    page.get_by_role("textbox", name="Your comment").fill(body)


def confirm_by_email(page, email: str) -> None:
    """Follow the emailed confirmation link and press Confirm, as the resident does."""
    page.goto(link_in_email(email, "/confirm/"))
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
