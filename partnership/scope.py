"""Which partnership the code running now works for: the one scoping rule of the portal.

A request (``PartnershipMiddleware``), a Celery task (``partnership.tasks.scoped_task``)
or a management command activates a partnership with ``using(partnership)``. While one is
active:

- the default manager of every partnership-owned model (``PartnershipOwned``) returns only
  that partnership's rows, and new rows are stamped with it: this is the application layer,
  and all that SQLite has;
- on PostgreSQL, ``using`` opens a transaction and sets ``lsp.partnership`` in it with
  ``set_config(..., true)`` (``SET LOCAL``), which the row-level security policies read
  (``partnership.rls``). The setting ends with the transaction, so it can never leak to the
  next request on a persistent connection or through a pooler in transaction mode.

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

from django.db import connection, transaction

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


def _set_database_scope(scope: _Scope, *, db=None, local: bool = True) -> None:
    """Tell PostgreSQL which partnership ``db`` (default: the default connection) works for: for the
    transaction (``local``), or for the session (a task's whole run)."""
    from django.conf import settings

    db = db or connection
    if db.vendor != "postgresql" or not settings.ROW_LEVEL_SECURITY:
        return
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, %s), set_config(%s, %s, %s)",
            [
                PARTNERSHIP_SETTING,
                "" if scope.partnership_id is None else str(scope.partnership_id),
                local,
                ALL_PARTNERSHIPS_SETTING,
                "on" if scope.everywhere else "",
                local,
            ],
        )


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
def _activated(scope: _Scope):
    from django.urls import set_script_prefix

    token = _scope.set(scope)
    path_prefix = _path_prefix_for(scope)
    if path_prefix:
        set_script_prefix(path_prefix)
    try:
        # No savepoint when nested (a test's transaction, a task's own): the scope adds no
        # statements of its own beyond the setting.
        with transaction.atomic(savepoint=False):
            _set_database_scope(scope)
            yield
    finally:
        _scope.reset(token)
        if path_prefix:
            set_script_prefix("/")
        # Nested in another scope's transaction: the outer scope's setting holds again.
        if connection.in_atomic_block and not connection.needs_rollback:
            _set_database_scope(_scope.get())


def using(partnership) -> contextlib.AbstractContextManager:
    """Work for ``partnership`` (a ``Partnership`` or its id) until the block ends."""
    partnership_id = partnership if isinstance(partnership, int) else partnership.pk
    return _activated(_Scope(partnership_id))


def everywhere() -> contextlib.AbstractContextManager:
    """Work across all partnerships until the block ends (superuser admin, maintenance)."""
    return _activated(_Scope(None, everywhere=True))


def apply_to_connection() -> None:
    """Set the active scope on the database again: after a transaction the scope outlived.

    For long tasks that commit in steps (the report build's heartbeat): call it at the start
    of each new transaction they open themselves.
    """
    _set_database_scope(_scope.get())


# --- For a Celery task's whole run (partnership.celery) ---------------------------------------


_in_task: ContextVar[bool] = ContextVar("partnership_scope_in_task", default=False)


def _on_new_connection(connection=None, **_ignored) -> None:
    # Celery's Django fix-up closes the connection before and after each task: a connection
    # opened during a task gets the task's setting too.
    if _in_task.get() and connection is not None:
        _set_database_scope(_scope.get(), db=connection, local=False)


def enter_for_task(value) -> object:
    """Work for the partnership a task was queued in: its id; ``"*"`` or nothing (queued by the
    scheduler or a command, for maintenance across partnerships) for everywhere."""
    new = _Scope(None, everywhere=True) if value in ("*", None, "") else _Scope(int(value))
    token = (_scope.set(new), _in_task.set(True))
    if connection.connection is not None:
        _set_database_scope(new, local=False)
    return token


def leave_for_task(token) -> None:
    scope_token, in_task_token = token
    _scope.reset(scope_token)
    _in_task.reset(in_task_token)
    if connection.connection is not None:
        _set_database_scope(_NOWHERE, local=False)
