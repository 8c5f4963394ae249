"""Behind PgBouncer in transaction mode, each partnership still sees only its own rows.

A pooler in transaction mode hands each transaction (and each statement outside one) to
whichever PostgreSQL session is free: a setting made for a session would stay on that
session for the next client, and be missing from the next session this client is given.
These tests run the portal's code as the ordinary role ``lsp_app`` with row-level security
on, through a real PgBouncer (``conftest.pgbouncer``) with fewer server connections than
clients, so that clients of different partnerships do share PostgreSQL sessions.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test import override_settings

from partnership import rls, scope
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
