"""``make test`` on a machine with Python alone: the browser tests are left out, in one line, not failed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _collect_e2e(**env) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in {"CI", "E2E_CHROMIUM"}}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-p", "no:cacheprovider", "e2e"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_chromium_the_browser_tests_are_left_out_and_the_run_says_what_installs_them():
    result = _collect_e2e(E2E_CHROMIUM="/nonexistent/chromium")
    assert result.returncode == 5, result.stdout[-2000:]  # nothing left to run: pytest's "no tests ran"
    lines = [line for line in result.stdout.splitlines() if line.startswith("browser tests (e2e/) left out")]
    assert len(lines) == 1, result.stdout[-2000:]
    assert "Chromium (/nonexistent/chromium) not found" in lines[0]
    assert "apt-get install chromium" in lines[0] and "npm ci --prefix e2e" in lines[0]
    assert "deselected" in result.stdout


def test_in_ci_a_missing_browser_tool_is_never_quietly_left_out():
    result = _collect_e2e(E2E_CHROMIUM="/nonexistent/chromium", CI="true")
    assert "left out" not in result.stdout
    assert "deselected" not in result.stdout
    assert "test_page_is_accessible" in result.stdout
