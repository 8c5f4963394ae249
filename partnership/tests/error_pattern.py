"""What every form page sent back with problems must show: the GOV.UK error pattern.

``error_page(response, {"id_body": "Enter your comment", None: "A problem with the form"})``
checks, on the page as served:

* the title starts "Error: ";
* the error summary is the first thing in the main content, titled "There is a problem",
  with ``tabindex="-1"`` and the script that moves focus to it (``static/js/error-summary.js``);
* it lists exactly the expected messages, in order (the form's own first, then the fields
  as the page shows them): a field's as a link to ``#<input id>``, the form's own (key
  ``None``) without a link;
* each linked input exists, is marked invalid, and is described (``aria-describedby``, on
  the input or on its fieldset) by the element that shows the same message beside it;
* Django's generic "This field is required." appears nowhere.

Each app's tests use it for their forms; the browser tests (``e2e/test_form_errors.py``)
check the same in Chromium, with focus and axe-core.
"""

from __future__ import annotations

import re
from html import unescape

GENERIC = "This field is required."


def _text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def summary_items(html: str) -> list[tuple[str | None, str]]:
    """The summary's entries: (the id a link leads to, or None; the message)."""
    found = re.search(r'<div class="error-summary" id="error-summary" tabindex="-1">(.*?)</div>', html, re.S)
    assert found, "no error summary"
    items = []
    for item in re.findall(r"<li>(.*?)</li>", found[1], re.S):
        link = re.fullmatch(r'\s*<a href="#([^"]+)">(.*?)</a>\s*', item, re.S)
        items.append((link[1], _text(link[2])) if link else (None, _text(item)))
    return items


def _described_by(html: str, input_id: str) -> list[str]:
    """The ids describing an input: its own aria-describedby, or its fieldset's (radios, checkboxes)."""
    tag = re.search(rf'<(?:input|select|textarea)\b[^>]*\bid="{re.escape(input_id)}"[^>]*>', html)
    assert tag, f"#{input_id} leads nowhere"
    assert 'aria-invalid="true"' in tag[0], f"#{input_id} is not marked invalid: {tag[0]}"
    own = re.search(r'aria-describedby="([^"]*)"', tag[0])
    if own:
        return own[1].split()
    start = html.rfind("<fieldset", 0, tag.start())
    assert start != -1 and "</fieldset>" not in html[start : tag.start()], f"#{input_id} is described by nothing"
    fieldset = re.match(r"<fieldset\b[^>]*>", html[start:])[0]
    return re.search(r'aria-describedby="([^"]*)"', fieldset)[1].split()


def _element_text(html: str, element_id: str) -> str:
    found = re.search(rf'<div id="{re.escape(element_id)}"[^>]*>(.*?)</div>', html, re.S)
    return _text(found[1]) if found else ""


def error_page(response, expected: dict[str | None, str | list[str]]) -> str:
    """Check the error pattern on ``response`` (see the module's docstring); returns the HTML."""
    html = response.content.decode()
    title = _text(re.search(r"<title>(.*?)</title>", html, re.S)[1])
    assert title.startswith("Error: "), title
    assert GENERIC not in html
    first_in_main = (
        r'<main id="main"[^>]*>\s*(?:<div[^>]*>\s*)*<div class="error-summary" id="error-summary" tabindex="-1">'
    )
    assert re.search(first_in_main, html), "the error summary is not the first thing in the main content"
    assert re.search(r'id="error-summary"[^>]*>\s*<h2 class="error-summary-title">There is a problem</h2>', html)
    assert '<script src="/static/js/error-summary.js" defer></script>' in html

    items = summary_items(html)
    wanted = [
        (key, message)
        for key, messages in expected.items()
        for message in ([messages] if isinstance(messages, str) else messages)
    ]
    assert items == wanted, items
    for input_id, message in items:
        if input_id is None:
            continue
        texts = [_element_text(html, ref) for ref in _described_by(html, input_id)]
        assert f"Error: {message}" in texts, f"#{input_id}: nothing describing it says “Error: {message}”: {texts}"
    return html
