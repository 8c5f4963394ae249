"""PgBouncer in transaction mode between the tests and PostgreSQL (the ``pgbouncer`` fixture of
the root ``conftest.py`` runs ``run_pgbouncer``).

Started once per test session (per xdist worker) from Debian's ``pgbouncer`` package, as a
subprocess with its own configuration in a temporary folder: 127.0.0.1 on a free port,
``pool_mode = transaction`` and at most two server connections per user and database, so
that the clients of a test really do take turns on the same PostgreSQL sessions. The tests
that use it are skipped, saying why, when there is no PostgreSQL, or no ``pgbouncer`` on a
developer's machine (in CI, ``CI`` set, that fails instead).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

POOL_SIZE = 2  # server connections per user and database: fewer than a test's clients


@dataclass(frozen=True)
class Pooler:
    host: str
    port: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _binary() -> str | None:
    # Debian installs it in /usr/sbin, which an ordinary user's PATH may lack.
    return shutil.which("pgbouncer", path=f"{os.environ.get('PATH', '')}{os.pathsep}/usr/sbin")


def _write_config(folder: Path, port: int) -> Path:
    database = settings.DATABASES["default"]
    users = folder / "users.txt"
    # auth_type = trust still wants every user named; the portal's owner (the tests' own
    # user) and its ordinary role.
    names = {database["USER"] or "postgres", settings.DATABASE_APP_ROLE}
    users.write_text("".join(f'"{name}" ""\n' for name in sorted(names)))
    config = folder / "pgbouncer.ini"
    config.write_text(
        "[databases]\n"
        f"* = host={database['HOST'] or '127.0.0.1'} port={database['PORT'] or 5432}\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {port}\n"
        "unix_socket_dir =\n"
        "auth_type = trust\n"
        f"auth_file = {users}\n"
        "pool_mode = transaction\n"
        f"default_pool_size = {POOL_SIZE}\n"
        "max_client_conn = 100\n"
        # psycopg sends none of these today; Django's psycopg2 backend would send the first.
        "ignore_startup_parameters = extra_float_digits,options\n"
    )
    for path in (folder, users, config):
        path.chmod(0o755 if path.is_dir() else 0o644)  # readable by the user it runs as
    return config


def _accepts_connections(port: int) -> bool:
    import psycopg

    database = settings.DATABASES["default"]
    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, dbname=database["NAME"], user=database["USER"] or "postgres", connect_timeout=2
        ) as probe:
            probe.execute("SELECT 1")
    except psycopg.OperationalError:
        return False
    return True


def run_pgbouncer(django_db_blocker) -> Iterator[Pooler]:
    """A PgBouncer in transaction mode in front of the test database, until the generator is closed."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("PgBouncer pools PostgreSQL connections: run with DATABASE_URL on PostgreSQL.")
    binary = _binary()
    if binary is None:
        message = "pgbouncer not found: apt-get install pgbouncer (.ci/run installs it)."
        if os.environ.get("CI"):  # as the browser tests: skipped on a developer's machine, never in CI
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="lsp-pgbouncer-"))
    port = _free_port()
    command = [binary]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root; .ci/run runs as root
        command += ["-u", next((u for u in ("postgres", "nobody") if _user_exists(u)), "nobody")]
    command.append(str(_write_config(folder, port)))
    log = (folder / "pgbouncer.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    try:
        with django_db_blocker.unblock():
            deadline = time.monotonic() + 30
            while not _accepts_connections(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"PgBouncer did not start:\n{(folder / 'pgbouncer.log').read_text()}")
                time.sleep(0.1)
        yield Pooler("127.0.0.1", port)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
