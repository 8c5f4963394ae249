"""The browser tests' world: the portal served for real, the Dacorum demo in it, one Chromium.

* ``portal``: the demo plan loaded once into the test database (``load_demo()``, as of
  ``DEMO_DAY``), and the
  portal served from a thread on a free port (pytest-django's ``LiveServer``) for the
  whole ``e2e`` package; the database is flushed when the package is done, so tests in
  other folders never see the demo. pytest-django's own ``live_server`` fixture is not
  used: it makes every test transactional, which flushes the database after each test
  and would mean loading the demo fifty times.
* ``browser``: one headless Debian Chromium for the package (``/usr/bin/chromium``; set
  ``E2E_CHROMIUM`` to use another). A missing Chromium, axe-core or Playwright skips the
  tests on a developer's machine and fails them in CI (``CI`` set).
* ``new_page``: a fresh browser context (no cookies) per call, closed after the test.
* ``page_for``: one long-lived signed-in page per demo user, for the page-by-page checks.

The journeys change the shared data (a return is approved, comments are moderated, a
report is published), so the page-by-page checks run first (``test_accessibility.py``
sorts before ``test_journey_*.py``) and every test looks its objects up by what people
see rather than assuming a pristine database.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from e2e.support import AXE_JS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, require, sign_in, unavailable


def pytest_configure(config: pytest.Config) -> None:
    # Until pytest.ini registers it (it runs with --strict-markers).
    config.addinivalue_line("markers", "browser: drives a real Chromium")


# The demo is loaded as of this day, whatever the date: its calendar then has 2015/16 Q1 open,
# right after the plan's figures, as the journeys expect (a return judged against last
# quarter's figures, a value off target). The demo's live calendar is tested in
# demo/tests/test_load_demo.py, with the clock frozen.
DEMO_DAY = datetime.date(2015, 5, 15)


@dataclass
class Portal:
    """The running portal: its address, and a scratch folder for reports and uploads."""

    url: str
    scratch: Path

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="package")
def _orm_beside_playwright() -> Iterator[None]:
    """Let Django's ORM run in the thread where Playwright's sync API keeps its event loop.

    Django refuses ORM calls from a thread with a running event loop ("async context").
    The tests' own ORM calls are plain blocking look-ups between browser steps, so the
    check is off while this package runs, and back on after it.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# The real database's name, read when this file is imported (during collection, before
# any test database exists): the demo must never be loaded, or flushed, anywhere else.
REAL_DATABASE = str(settings.DATABASES["default"]["NAME"])


def _on_test_database() -> bool:
    from django.db import connection

    return str(connection.settings_dict["NAME"]) != REAL_DATABASE


@pytest.fixture(scope="package")
def test_database(_orm_beside_playwright, django_db_setup, django_db_blocker) -> Iterator[None]:
    """The test database, made here if pytest-django did not make one.

    pytest-django creates test databases only when some collected test asks for ``db``,
    ``transactional_db`` or a ``django_db`` marker, and these tests ask for none of them
    (each would wrap or flush the shared data), so when ``e2e`` runs on its own the test
    database is made here. Never the real one: the demo is loaded and flushed below.
    """
    from django.test.utils import setup_databases, teardown_databases

    made = None
    with django_db_blocker.unblock():
        if not _on_test_database():
            made = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        if not _on_test_database():
            pytest.fail("Refusing to run the browser tests on a database that is not a test database.")
    yield
    if made is not None:
        with django_db_blocker.unblock():
            teardown_databases(made, verbosity=0)


def _close_server_connections() -> None:
    """End the database sessions the server's request threads left open.

    A request thread serving a browser's kept-alive connection can outlive the server
    and keep its PostgreSQL session, and the test database cannot be dropped while any
    session uses it.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="package")
def portal(test_database, django_db_blocker) -> Iterator[Portal]:
    from django.core.management import call_command
    from django.db import connections
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    from demo.loader import load_demo
    from partnership.cache import bump_content_version
    from partnership.celery import app as celery_app

    scratch = Path(tempfile.mkdtemp(prefix="lsp-e2e-"))
    storages = {name: dict(options) for name, options in settings.STORAGES.items()}
    if "return_imports" in storages:
        storages["return_imports"]["OPTIONS"] = {"location": str(scratch / "private")}
    storages["report_builds"]["OPTIONS"] = {"location": str(scratch / "private")}  # built reports, unpublished too
    overrides = override_settings(
        MEDIA_ROOT=scratch / "media",  # built reports go here, not into the work tree
        STORAGES=storages,
        # Residents' forms refuse a submission sent faster than a person types (3 s);
        # the browser types instantly, so the time trap is off here (it has unit tests).
        FORM_MIN_FILL_SECONDS=0,
    )
    overrides.enable()
    # No broker, whatever the environment names: emails are sent in-process, and annual
    # reports wait in their table for the report worker (``report_worker``), as under make run.
    celery_previous = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True

    with django_db_blocker.unblock():
        load_demo(today=DEMO_DAY)
        bump_content_version()  # the loader writes in bulk: no signals
        server = LiveServer("127.0.0.1")
        server._live_server_modified_settings.enable()
        links = override_settings(PORTAL_BASE_URL=server.url)  # emailed links lead to this portal
        links.enable()
        try:
            yield Portal(url=server.url, scratch=scratch)
        finally:
            links.disable()
            server._live_server_modified_settings.disable()
            server.stop()
            _close_server_connections()
            call_command("flush", interactive=False, verbosity=0)
            connections.close_all()  # nothing of this package's stays open for the next tests
            celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = celery_previous
            overrides.disable()
            shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture
def report_worker(portal) -> Iterator[None]:
    """The embedded default's report worker, as ``make run`` starts it, here in a thread of the tests' process.

    A thread rather than ``manage.py run_report_worker`` because a SQLite test database
    lives in this process's memory: the thread shares its connection, as the live
    server's threads do. On PostgreSQL it opens its own.
    """
    import threading

    from django.db import connections

    from reports import worker

    shared = {conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()}
    stop = threading.Event()

    def run() -> None:
        for alias, conn in shared.items():
            connections[alias] = conn
        worker.run(stop=stop, poll_seconds=0.5)

    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = threading.Thread(target=run, name="e2e-report-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=300)  # a build under way finishes first
        for conn in shared.values():
            conn.dec_thread_sharing()


@pytest.fixture
def celery_report_worker(portal) -> Iterator[None]:
    """A real Celery worker on the ``pdf`` queue, through Redis, as production runs it: a process of its own.

    It needs a database two processes can share (PostgreSQL: CI) and Redis at
    ``E2E_BROKER_URL`` (database 14 by default, emptied first: not the real-worker tests'
    ``REPORT_TEST_BROKER_URL``, whose tests may run at the same time in another xdist
    worker); without them the test is skipped. While it runs, the portal sends tasks to
    Redis rather than running them in-process.
    """
    import signal
    import subprocess
    import sys
    import uuid

    import redis
    from django.db import connection

    from partnership.celery import app as celery_app
    from reports.tests.helpers import database_url, use_broker

    if connection.vendor != "postgresql":
        pytest.skip("A Celery worker process cannot share SQLite's in-memory test database: use PostgreSQL.")
    broker_url = os.environ.get("E2E_BROKER_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(broker_url, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"The Celery journey needs Redis at {broker_url}.")
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    log = (portal.scratch / f"celery-worker-{uuid.uuid4().hex[:8]}.log").open("w")
    process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
        [
            *(sys.executable, "-m", "celery", "-A", "reports.tests.worker_app", "worker", "-Q", "pdf"),
            *("--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"),
            *("-n", f"e2e-report-worker-{uuid.uuid4().hex[:8]}@%h"),
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "MEDIA_ROOT": str(portal.scratch / "media"),
            "PRIVATE_ROOT": str(portal.scratch / "private"),
            "DJANGO_SETTINGS_MODULE": "partnership.settings",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so that stopping it stops nothing else
    )
    use_broker(celery_app, broker_url)
    try:
        yield
    finally:
        use_broker(celery_app, previous[0], eager=previous[1])
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


@pytest.fixture(scope="package")
def browser(_orm_beside_playwright):
    require(CHROMIUM, "Chromium", "apt-get install chromium (or set E2E_CHROMIUM to a Chromium binary)")
    require(AXE_JS, "axe-core", "npm ci --prefix e2e --ignore-scripts")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed: pip install -r requirements.txt")

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@dataclass
class TrackedPage:
    """A page and the console errors it logged since they were last read."""

    page: object
    console_errors: list[str] = field(default_factory=list)

    def take_console_errors(self) -> list[str]:
        errors, self.console_errors[:] = list(self.console_errors), []
        return errors


def _open_page(browser, portal: Portal, contexts: list) -> TrackedPage:
    context = browser.new_context(viewport=DESKTOP, base_url=portal.url, accept_downloads=True, locale="en-GB")
    # How long an action waits for its page, not a limit on how fast a page must be. Under
    # ``make test`` the other xdist worker shares the CPU, and building the annual report
    # in-process (the support journey's click) took over 15 s on a loaded 2-core machine.
    context.set_default_timeout(30_000)
    contexts.append(context)
    page = context.new_page()
    tracked = TrackedPage(page)
    page.on("console", lambda message: message.type == "error" and tracked.console_errors.append(message.text))
    page.on("pageerror", lambda error: tracked.console_errors.append(f"uncaught: {error}"))
    return tracked


@pytest.fixture
def new_page(browser, portal) -> Iterator[Callable[..., object]]:
    """``new_page()`` → a page in a fresh context; ``new_page("officer")`` → signed in through the form."""
    contexts: list = []

    def make(username: str | None = None):
        page = _open_page(browser, portal, contexts).page
        if username:
            sign_in(page, portal.url, username)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="package")
def page_for(browser, portal) -> Iterator[Callable[[str | None], TrackedPage]]:
    """``page_for("board")``: one page per demo user (``None``: anonymous), signed in once and reused."""
    contexts: list = []
    pages: dict[str | None, TrackedPage] = {}

    def get(username: str | None) -> TrackedPage:
        if username not in pages:
            tracked = _open_page(browser, portal, contexts)
            if username:
                sign_in(tracked.page, portal.url, username)
            tracked.take_console_errors()
            pages[username] = tracked
        return pages[username]

    yield get
    for context in contexts:
        context.close()
