"""Which partnership the code running now works for: the one scoping rule of the portal.

A request (``PartnershipMiddleware``), a Celery task (``partnership.tasks.scoped_task``)
or a management command activates a partnership with ``using(partnership)``. While one is
active:

- the default manager of every partnership-owned model (``PartnershipOwned``) returns only
  that partnership's rows, and new rows are stamped with it: this is the application layer,
  and all that SQLite has;
- on PostgreSQL, every transaction tells the database which partnership it works for with
  ``set_config('lsp.partnership', ..., true)`` (``SET LOCAL``) before its first statement,
  which the row-level security policies read (``partnership.rls``); a statement outside any
  transaction (a task's or command's autocommit) is run in a transaction of its own that
  says so first. ``using`` opens a transaction for its block (a request is one). The
  setting ends with its transaction and is never made for a session, so it cannot leak to
  the next request on a persistent connection, nor to another client through a pooler in
  transaction mode such as PgBouncer's (docs/DEPLOYMENT.md).

``everywhere()`` is the deliberate opposite, for the superuser's admin across partnerships,
the partnerships list and cross-partnership maintenance: managers do not filter, and RLS
lets every row through (``lsp.all_partnerships``). With neither active, managers do not
filter (a management command or a test that has not said which partnership it works for)
but RLS returns no partnership-owned rows at all.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

PARTNERSHIP_SETTING = "lsp.partnership"
ALL_PARTNERSHIPS_SETTING = "lsp.all_partnerships"


@dataclass(frozen=True)
class _Scope:
    partnership_id: int | None
    everywhere: bool = False


_NOWHERE = _Scope(None)
_scope: ContextVar[_Scope] = ContextVar("partnership_scope", default=_NOWHERE)


def current_id() -> int | None:
    """The active partnership's id, or ``None`` outside any partnership (or everywhere)."""
    return _scope.get().partnership_id


def is_everywhere() -> bool:
    return _scope.get().everywhere


def default_partnership_id() -> int | None:
    """The id a new row is stamped with when nothing else says: the active partnership's."""
    return current_id()


def _set_database_scope(scope: _Scope, db) -> None:
    """Tell PostgreSQL which partnership the transaction open on ``db`` works for.

    The one place the setting is made, always for the transaction only (``set_config(...,
    true)``, ``SET LOCAL``): it ends with the transaction, so it can never reach the next
    request on a persistent connection, nor another client through a pooler in transaction
    mode. Called by ``_scope_each_transaction``, on the driver's own cursor (not Django's:
    it is no query of the code being run, and a server-side cursor must not run it).
    """
    with db.wrap_database_errors, db.connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
            [
                PARTNERSHIP_SETTING,
                "" if scope.partnership_id is None else str(scope.partnership_id),
                ALL_PARTNERSHIPS_SETTING,
                "on" if scope.everywhere else "",
            ],
        )


def _scope_each_transaction(execute, sql, params, many, context):
    """Every transaction, and every statement outside one, carries the active scope.

    An execute wrapper (``install``) on each PostgreSQL connection. In a transaction, the
    first statement is preceded by ``_set_database_scope`` (with the partnership, everywhere,
    or none: the transaction starts from nothing), and so is the next one whenever
    the scope has changed since (a nested ``using``); outside one (autocommit: tasks and
    commands, the report build's short steps), a statement made while a partnership is active
    runs in a transaction of its own that says so first. Nothing is ever set for a session.

    Which transaction the setting was made in is known by ``db.run_on_commit``: Django gives
    the connection a new list when a transaction commits or rolls back, when a savepoint is
    rolled back (which undoes a ``SET LOCAL`` made inside it) and when it connects again, and
    keeps it otherwise. So a setting is made again after any of these, and only then; a
    statement Django runs outside execute wrappers (the health check's ``SELECT 1`` that may
    open the transaction) cannot fool it.
    """
    db = context["connection"]
    if not settings.ROW_LEVEL_SECURITY:
        return execute(sql, params, many, context)
    active = _scope.get()
    if db.get_autocommit():
        if active == _NOWHERE:
            return execute(sql, params, many, context)  # nothing to say: nothing lingers from a session
        with transaction.atomic(using=db.alias):
            return _scope_each_transaction(execute, sql, params, many, context)
    told = db.__dict__.get("_partnership_scope_told")
    if (told is None or told[0] is not db.run_on_commit or told[1] != active) and not _aborted(db):
        _set_database_scope(active, db)
        # The list itself, not its id(): a new list could be given a freed one's id.
        db._partnership_scope_told = (db.run_on_commit, active)
    return execute(sql, params, many, context)


def _aborted(db) -> bool:
    """A transaction that failed refuses every statement but a rollback: let Django say so, or roll
    back to its savepoint (after which the next statement makes the setting again)."""
    from psycopg.pq import TransactionStatus

    return db.needs_rollback or db.connection.info.transaction_status == TransactionStatus.INERROR


def install(connection=None, **_ignored) -> None:
    """Put ``_scope_each_transaction`` on a new PostgreSQL connection (``connection_created``).

    First in the list, so that it runs next to the statement and a ``with
    connection.execute_wrapper(...)`` block that happened to open the connection takes off its
    own wrapper, not this one, when it ends.
    """
    if connection is None or connection.vendor != "postgresql":
        return
    if _scope_each_transaction not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _scope_each_transaction)


def _path_prefix_for(scope: _Scope) -> str | None:
    """Outside a request (a task, a command), links made with ``reverse()`` need the partnership's
    ``/<slug>/`` when the portal has several; the middleware sets it for requests itself."""
    from django.urls import get_script_prefix

    if scope.partnership_id is None or get_script_prefix() != "/":
        return None
    from .models import Partnership

    partnerships = Partnership.objects.by_slug()
    if len(partnerships) < 2:
        return None
    slug = next((slug for slug, p in partnerships.items() if p.pk == scope.partnership_id), None)
    return f"/{slug}/" if slug else None


@contextlib.contextmanager
def _activated(scope: _Scope, *, links: bool = True):
    from django.urls import set_script_prefix

    token = _scope.set(scope)
    path_prefix = _path_prefix_for(scope) if links else None
    if path_prefix:
        set_script_prefix(path_prefix)
    try:
        # No savepoint when nested (a test's transaction, a task's own): the scope adds no
        # statements of its own beyond the setting, which the first statement makes
        # (``_scope_each_transaction``); nested in another scope's transaction, the next
        # statement after this block sets the outer scope again. So, as with any
        # ``atomic(savepoint=False)``, an error raised out of a nested block leaves the outer
        # transaction to be rolled back: catch an expected error inside the block.
        with transaction.atomic(savepoint=False):
            yield
    finally:
        _scope.reset(token)
        if path_prefix:
            set_script_prefix("/")


def using(partnership, *, links: bool = True) -> contextlib.AbstractContextManager:
    """Work for ``partnership`` (a ``Partnership`` or its id) until the block ends.

    ``links=False``: the caller has set the links' path prefix itself (the middleware, from the
    path), so the list of partnerships is not read again to work it out."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    return _activated(_Scope(partnership_id), links=links)


def everywhere() -> contextlib.AbstractContextManager:
    """Work across all partnerships until the block ends (superuser admin, maintenance)."""
    return _activated(_Scope(None, everywhere=True))


def apply_to_connection() -> None:
    """Kept for callers: there is nothing left to do.

    Long tasks that commit in steps once had to set the scope again at the start of each
    transaction; ``_scope_each_transaction`` now does it for every transaction.
    """


# --- For a whole task, command or migration (partnership.celery, partnership.rls) -----------------


def enter(value) -> object:
    """Work for ``value`` until ``leave(token)``: a partnership's id; ``"*"`` or nothing (queued by
    the scheduler or a command, for maintenance across partnerships) for everywhere.

    For code that cannot use a ``with`` block (Celery's signals before and after a task). Only
    the scope of this thread or task changes: each transaction made meanwhile says so to
    PostgreSQL itself, nothing is set on the connection.
    """
    new = _Scope(None, everywhere=True) if value in ("*", None, "") else _Scope(int(value))
    return _scope.set(new)


def leave(token) -> None:
    _scope.reset(token)


enter_for_task = enter
leave_for_task = leave
