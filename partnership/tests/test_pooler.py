"""Behind PgBouncer in transaction mode, each partnership still sees only its own rows.

A pooler in transaction mode hands each transaction (and each statement outside one) to
whichever PostgreSQL session is free: a setting made for a session would stay on that
session for the next client, and be missing from the next session this client is given.
These tests run the portal's code as the ordinary role ``lsp_app`` with row-level security
on, through a real PgBouncer (the ``pgbouncer`` fixture, ``pooler.py``) with fewer server connections than
clients, so that clients of different partnerships do share PostgreSQL sessions.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test import override_settings

from partnership import rls, scope
from partnership.models import Organisation
from themes.models import Theme

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_role(transactional_db) -> str:
    """``lsp_app``, able to log in (through the pooler), with its grants on the test database."""
    role = settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{role}" LOGIN')
        else:
            cursor.execute(f'ALTER ROLE "{role}" LOGIN')
    rls.grant()
    return role


@pytest.fixture
def two_partnerships(tiny_plan, make):
    """Tinyborough (the tiny plan) and Otherfield, each with its own themes, committed."""
    other = make.partnership("Otherfield Partnership", "otherfield", place="Otherfield")
    with scope.using(other):
        plan = make.plan("Otherfield Plan", area="Otherfield")
        forum = make.forum(plan, "Otherfield Safety Forum")
        make.theme(plan, 1, "Otherfield Streets", forum)
    with scope.everywhere():
        titles = {
            pk: set(Theme.objects.filter(partnership_id=pk).values_list("title", flat=True))
            for pk in (tiny_plan.plan.partnership_id, other.pk)
        }
    return tiny_plan.plan.partnership_id, other.pk, titles


@pytest.fixture
def pooled(pgbouncer, app_role):
    """From here on, every new connection of this process goes through the pooler as ``lsp_app``,
    configured as ``DB_POOLER=transaction`` configures it; row-level security on."""
    database = connections["default"].settings_dict  # the same dict new threads' connections read
    saved = dict(database)
    connection.close()
    database.update(HOST=pgbouncer.host, PORT=str(pgbouncer.port), USER=app_role, DISABLE_SERVER_SIDE_CURSORS=True)
    try:
        with override_settings(ROW_LEVEL_SECURITY=True):
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_user")
                assert (cursor.fetchone()[0], connection.connection.info.port) == (app_role, pgbouncer.port)
            yield pgbouncer
    finally:
        connection.close()
        database.clear()
        database.update(saved)


class Client:
    """A worker of its own (one thread, so one connection of its own), told what to do step by step."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1)

    def submit(self, work, *args):
        return self._thread.submit(work, *args)

    def run(self, work, *args):
        return self.submit(work, *args).result(timeout=60)

    def close(self) -> None:
        self.run(_close)
        self._thread.shutdown()


@pytest.fixture
def clients():
    made: list[Client] = []

    def client() -> Client:
        made.append(Client())
        return made[-1]

    yield client
    for each in made:
        each.close()


def _titles() -> set[str]:
    # The base manager knows nothing of the scope: only row-level security decides.
    return set(Theme._base_manager.values_list("title", flat=True))


def _titles_in_a_transaction() -> set[str]:
    with transaction.atomic():
        first = _titles()
        Theme._base_manager.count()
        return first | _titles()


def _connect() -> None:
    connection.ensure_connection()


def _close() -> None:
    connection.close()  # this thread's


def test_task_scopes_hold_for_every_statement_when_clients_share_server_connections(two_partnerships, pooled, clients):
    """A task works for its partnership for its whole run (``enter_for_task``) while other
    clients work for another partnership or none, on fewer PostgreSQL sessions than clients.

    With the scope set for the session, as tasks did before, this fails: Otherfield's task
    set its partnership on the very session Tinyborough's task and the unscoped client then
    used, so both read Otherfield's themes.
    """
    tinyborough, otherfield, titles = two_partnerships
    a, b, nobody = clients(), clients(), clients()
    for each in (a, b, nobody):
        each.run(_connect)
    a.run(scope.enter_for_task, tinyborough)
    b.run(scope.enter_for_task, otherfield)
    for _ in range(3):
        assert nobody.run(_titles) == set()
        assert a.run(_titles) == titles[tinyborough]
        assert b.run(_titles) == titles[otherfield]
        assert b.run(_titles_in_a_transaction) == titles[otherfield]
        assert a.run(_titles_in_a_transaction) == titles[tinyborough]
        assert nobody.run(_titles_in_a_transaction) == set()


def test_a_transaction_held_open_keeps_its_partnership_while_others_run_between_its_statements(
    two_partnerships, pooled, clients
):
    """Tinyborough's task holds a transaction (so a server connection) open; Otherfield's task,
    a maintenance task working everywhere and an unscoped client take turns on the other one."""
    tinyborough, otherfield, titles = two_partnerships
    a, b, maintenance, nobody = clients(), clients(), clients(), clients()
    a.run(scope.enter_for_task, tinyborough)
    b.run(scope.enter_for_task, otherfield)
    maintenance.run(scope.enter_for_task, "*")
    opened, go_on = threading.Event(), threading.Event()

    def a_long_transaction() -> tuple[set[str], set[str], set[str]]:
        with transaction.atomic():
            first = _titles()
            opened.set()
            go_on.wait(60)
            with scope.using(otherfield):  # a nested scope in the same transaction
                nested = _titles()
            return first, nested, _titles()

    held = a.submit(a_long_transaction)
    assert opened.wait(60)
    for _ in range(3):
        assert b.run(_titles) == titles[otherfield]
        assert maintenance.run(_titles) == titles[tinyborough] | titles[otherfield]
        assert nobody.run(_titles_in_a_transaction) == set()
        assert b.run(_titles_in_a_transaction) == titles[otherfield]
    go_on.set()
    assert held.result(timeout=60) == (titles[tinyborough], titles[otherfield], titles[tinyborough])
    assert a.run(_titles) == titles[tinyborough]


def _with_other_clients_between(clients, otherfield: int):
    """Otherfield's task and an unscoped client, using the pooler's server connections in turn."""
    task, nobody = clients(), clients()
    task.run(scope.enter_for_task, otherfield)

    def between() -> None:
        assert task.run(_titles_in_a_transaction) == {"Otherfield Streets"}
        assert nobody.run(_titles) == set()

    return between


def test_pages_served_through_the_pooler_as_the_app_role_show_only_their_partnership(
    client, personas, tiny_plan, two_partnerships, pooled, clients
):
    _, otherfield, _ = two_partnerships
    between = _with_other_clients_between(clients, otherfield)
    theme = tiny_plan.safety.title
    pages = []
    for who, path in [
        (None, "/tinyborough/"),
        (None, f"/tinyborough/themes/{tiny_plan.safety.slug}/"),
        (None, "/otherfield/"),
        ("board_member", "/tinyborough/dashboard/"),
    ]:
        between()
        if who:
            client.force_login(personas[who])
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append((path, response.content.decode()))
        between()
    for path, content in pages:
        if path.startswith("/tinyborough/"):
            assert "Otherfield" not in content, path
    assert theme in pages[1][1]
    assert "Otherfield Streets" in pages[2][1] and "Tiny Plan" not in pages[2][1]


ITERATE = """
import threading
from django.db import connection, transaction
from partnership import scope
from partnership.models import Organisation

scope.enter_for_task({partnership})
rows = Organisation.objects.order_by("pk").iterator(chunk_size=100)
names = [next(rows).name]
held, done = threading.Event(), threading.Event()


def hold_a_server_connection():
    scope.enter_for_task({partnership})
    with transaction.atomic():
        Organisation.objects.count()
        held.set()
        done.wait(60)
    connection.close()


other = threading.Thread(target=hold_a_server_connection)
other.start()
held.wait(60)
try:
    names += [organisation.name for organisation in rows]
finally:
    done.set()
    other.join()
print("rows:", len(names), "others:", sum(not name.startswith("Bulk ") for name in names))
"""


def _iterate_through_the_pooler(pgbouncer, role: str, partnership: int, **env: str):
    """``.iterator()`` over 250 rows in a task's scope, in a process configured from the environment,
    while another client holds a server connection in a transaction between its chunks."""
    database = settings.DATABASES["default"]
    url = f"postgres://{role}@{pgbouncer.host}:{pgbouncer.port}/{database['NAME']}"
    return subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", ITERATE.format(partnership=partnership)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "ROW_LEVEL_SECURITY": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def many_organisations(two_partnerships):
    tinyborough = two_partnerships[0]
    with scope.using(tinyborough):
        before = Organisation.objects.count()
        Organisation.objects.bulk_create(
            Organisation(name=f"Bulk {n:03}", slug=f"bulk-{n:03}", sector="public", partnership_id=tinyborough)
            for n in range(250 - before)
        )
    return tinyborough


def test_iterator_works_through_the_pooler_with_db_pooler_transaction(pgbouncer, app_role, many_organisations):
    result = _iterate_through_the_pooler(pgbouncer, app_role, many_organisations, DB_POOLER="transaction")
    assert result.returncode == 0, result.stderr[-3000:]
    with scope.using(many_organisations):
        own = Organisation.objects.exclude(name__startswith="Bulk ").count()
    assert f"rows: 250 others: {own}" in result.stdout


def test_without_db_pooler_a_server_side_cursor_is_lost_between_its_chunks(pgbouncer, app_role, many_organisations):
    """Why ``DB_POOLER=transaction`` turns server-side cursors off: the next chunk is fetched on
    whichever server connection is free, which may not hold the cursor."""
    result = _iterate_through_the_pooler(pgbouncer, app_role, many_organisations, DB_POOLER="none")
    assert result.returncode != 0
    assert "does not exist" in result.stderr, result.stderr[-3000:]
