"""The public pages are valid HTML: the W3C Nu checker (vnu, from the npm package ``vnu-jar``,
run with Java) reports no errors.

The pages are fetched as served (Django's test client, anonymous) and checked in one run
of the checker, which takes a few seconds to start; each page is then its own test.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django.test import Client

from e2e.pages import PUBLIC, Check
from e2e.support import VNU_JAR, require, unavailable

pytestmark = pytest.mark.browser

# Pages a visitor reaches with a plain GET (the error states need a browser to submit forms).
PAGES = [check for check in PUBLIC if check.action is None]


@pytest.fixture(scope="package")
def vnu_errors(portal, tmp_path_factory) -> dict[str, list[str] | str]:
    """Page id → the checker's errors (empty if valid), or the reason the page was skipped."""
    require(VNU_JAR, "The Nu HTML checker", "npm ci --prefix e2e --ignore-scripts")
    java = shutil.which("java")
    if java is None:
        unavailable("Java not found: apt-get install default-jre-headless")

    folder = tmp_path_factory.mktemp("html")
    client = Client()
    results: dict[str, list[str] | str] = {}
    files: dict[str, str] = {}
    for check in PAGES:
        try:
            path = check.url()
        except pytest.skip.Exception as skipped:
            results[check.id] = str(skipped.msg)
            continue
        response = client.get(path)
        if response.status_code != check.status:
            results[check.id] = [f"HTTP {response.status_code} for {path}, expected {check.status}"]
            continue
        file = folder / f"{check.id}.html"
        file.write_bytes(response.content)
        files[file.name] = check.id
        results[check.id] = []

    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
    run = subprocess.run(  # noqa: S603 — a fixed command on files this test wrote
        [*command, *(str(folder / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    for message in json.loads(run.stderr)["messages"]:
        page_id = files.get(message.get("url", "").rsplit("/", 1)[-1])
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())[:160]
        text = f"line {line}: {message.get('message')}\n      {extract}"
        if page_id is None:
            pytest.fail(f"The checker reported on something else: {message}")
        results[page_id].append(text)
    return results


@pytest.mark.parametrize("check", PAGES, ids=lambda check: check.id)
def test_page_is_valid_html(check: Check, vnu_errors) -> None:
    errors = vnu_errors[check.id]
    if isinstance(errors, str):
        pytest.skip(errors)
    assert not errors, f"{len(errors)} HTML error(s) on {check.id}:\n  " + "\n  ".join(errors)
