"""Settings come from the environment, fail loudly on bad values, and pass Django's deploy checklist."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnership.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "x7Q9vB2mN4pL8rT6wY1zA5cE0gH3jK" * 2


def run_manage(*args, **env):
    base = {key: value for key, value in os.environ.items() if key not in {"DJANGO_PRODUCTION", "DEBUG", "SECRET_KEY"}}
    return subprocess.run(  # noqa: S603 — fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_PRODUCTION="1",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="lsp.example.org",
        CACHE_URL="redis://127.0.0.1:6399/1",  # checks only read it: nothing listens there
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_PRODUCTION="1", ALLOWED_HOSTS="lsp.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_refuses_debug():
    result = run_manage(
        "check", DJANGO_PRODUCTION="1", DEBUG="1", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="lsp.example.org"
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


PRINT_DATABASE = (
    "from django.conf import settings; d = settings.DATABASES['default'];"
    " print(settings.DB_POOLER, d['DISABLE_SERVER_SIDE_CURSORS'])"
)


@pytest.mark.parametrize(("pooler", "expected"), [(None, "none False"), ("transaction", "transaction True")])
def test_behind_a_pooler_in_transaction_mode_server_side_cursors_are_off(pooler, expected):
    result = run_manage("shell", "-c", PRINT_DATABASE, **({"DB_POOLER": pooler} if pooler else {}))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("pooler", "url", "message"),
    [
        ("session", "postgres://lsp_app@127.0.0.1:6432/lsp", "use 'transaction'"),
        ("transaction", "postgres://lsp_app@127.0.0.1:6432/lsp?server_side_binding=true", "server_side_binding"),
    ],
)
def test_db_pooler_refuses_what_it_cannot_serve(pooler, url, message):
    result = run_manage("check", DB_POOLER=pooler, DATABASE_URL=url)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_int_rejects_nonsense_and_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_NUMBER", raising=False)
    assert env_int("SOME_NUMBER", 7) == 7
    monkeypatch.setenv("SOME_NUMBER", "seven")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("SOME_NUMBER", 7)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,,")
    assert env_list("SOME_HOSTS", []) == ["a.example", "b.example"]


def test_every_setting_read_from_the_environment_is_documented():
    """docs/CONFIGURATION.md lists every variable settings.py reads: a newcomer finds each one there."""
    root = Path(__file__).resolve().parents[2]
    source = (root / "partnership" / "settings.py").read_text()
    documented = (root / "docs" / "CONFIGURATION.md").read_text()
    names = set(re.findall(r'env_(?:str|int|bool|list)\(\s*"([A-Z0-9_]+)"', source))
    assert len(names) > 30
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"settings read from the environment but not in docs/CONFIGURATION.md: {missing}"
