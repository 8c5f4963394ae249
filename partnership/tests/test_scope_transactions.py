"""Each transaction carries the partnership it works for, and nothing outlives it (PostgreSQL).

``partnership.scope`` sets ``lsp.partnership`` for the transaction only, before its first
statement, and again whenever PostgreSQL may have lost it (a new transaction, a savepoint
rolled back, a new connection) or the scope has changed. Read back here with
``current_setting`` on a direct connection; ``test_pooler.py`` shows the same through PgBouncer.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from partnership import scope

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the database setting is PostgreSQL's",
    ),
    # As a task sees the database: autocommit, no test transaction around. The tests commit
    # transactions but write no rows: ``available_apps`` keeps the flush after each small (one
    # app's tables, and no post_migrate remaking every policy).
    pytest.mark.django_db(transaction=True, available_apps=["partnership"]),
]


@pytest.fixture(autouse=True)
def rls_on():
    with override_settings(ROW_LEVEL_SECURITY=True):
        yield


def setting() -> str:
    """What PostgreSQL holds for this statement's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lsp.partnership', true), current_setting('lsp.all_partnerships', true)")
        partnership, everywhere = cursor.fetchone()
    return "*" if everywhere == "on" else partnership or ""


def session_setting() -> str:
    """What a statement outside any transaction and any scope finds on the session."""
    assert connection.get_autocommit() and scope.current_id() is None and not scope.is_everywhere()
    return setting()


def test_a_task_s_statements_outside_transactions_each_carry_its_partnership():
    token = scope.enter_for_task(7)
    try:
        assert setting() == "7"
        assert setting() == "7"
    finally:
        scope.leave_for_task(token)
    assert session_setting() == ""


def test_every_transaction_of_a_task_carries_it_and_nothing_stays_on_the_session():
    token = scope.enter_for_task("*")
    try:
        for _ in range(2):
            with transaction.atomic():
                assert setting() == "*"
        assert session_setting_while_scoped() == ""
    finally:
        scope.leave_for_task(token)
    assert session_setting() == ""


def session_setting_while_scoped() -> str:
    # Read with the driver's own cursor: no execute wrapper, so what the session itself holds.
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting('lsp.all_partnerships', true), '')")
        return cursor.fetchone()[0]


def test_a_nested_scope_holds_in_its_block_and_the_outer_one_after_it():
    with scope.using(3):
        assert setting() == "3"
        with scope.using(4):
            assert setting() == "4"
        assert setting() == "3"
        with scope.everywhere():
            assert setting() == "*"
        assert setting() == "3"
    assert session_setting() == ""


def test_a_savepoint_rolled_back_undoes_the_setting_and_the_next_statement_makes_it_again():
    with scope.using(3), transaction.atomic():
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            with scope.using(4):
                assert setting() == "4"
            1 / 0  # noqa: B018 — roll the savepoint back
        # PostgreSQL rolled the savepoint's "4" back to what was set before it, and the scope is 3.
        assert setting() == "3"
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            assert setting() == "3"
            1 / 0  # noqa: B018
        assert setting() == "3"


def test_a_database_error_in_a_nested_scope_is_rolled_back_to_its_savepoint_and_the_outer_scope_holds():
    with scope.using(3), transaction.atomic():
        assert setting() == "3"
        with pytest.raises(DatabaseError), transaction.atomic(), scope.using(4), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        # Rolling back to the savepoint ran in the failed transaction with the scope back at 3:
        # no setting was tried there, and the next statement makes it.
        assert setting() == "3"


def test_a_transaction_opened_before_any_wrapped_statement_still_gets_the_setting():
    """Django's health check (``SELECT 1`` on the driver's cursor) may open the transaction."""
    with scope.using(5):
        assert setting() == "5"
    with scope.using(5), transaction.atomic():
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # the transaction begins here, unseen by execute wrappers
        assert setting() == "5"


def test_a_new_connection_gets_the_setting_in_its_first_transaction():
    token = scope.enter_for_task(6)
    try:
        assert setting() == "6"
        connection.close()
        assert setting() == "6"
        with transaction.atomic():
            assert setting() == "6"
            connection.close()  # lost mid-transaction: Django opens a new connection after the block
        assert setting() == "6"
    finally:
        scope.leave_for_task(token)


def test_without_a_scope_nothing_is_set_and_statements_run_as_they_are():
    assert session_setting() == ""
    with transaction.atomic():
        assert setting() == ""


def test_no_prepared_statements_are_left_on_the_server():
    """PgBouncer 1.18 cannot share prepared statements between clients in transaction mode:
    Django's psycopg backend binds parameters on the client and prepares nothing."""
    with scope.using(5):
        for _ in range(10):
            setting()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0
