"""Statements compiled once per process: for the few querysets whose Python costs more than their SQL.

Django builds and compiles a queryset on every evaluation; with a few joins, lookups and
annotations that takes about a millisecond, longer than PostgreSQL takes to answer, and a
public page runs several. ``run_compiled`` keeps the compiled statement and runs it again
with the id it is about.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections, models

from . import scope

# Where the id goes while a statement is compiled: no row has a negative id, so no other
# parameter of a statement is this number.
_STAND_IN_ID = -73_000_001
_COMPILED_LIMIT = 512  # statements kept per process: a few per page, partnership and quarter
_compiled: dict[tuple, tuple[str, str, tuple]] = {}


def run_compiled(key: tuple, build: Callable[[int], models.QuerySet], object_id: int) -> list[tuple]:
    """The rows of ``build(object_id)``: the statement compiled once per ``key`` and active partnership.

    ``build`` is called once with ``_STAND_IN_ID`` for the id; after that its statement runs
    with the id in the stand-in's place, the statement Django would run, through the same
    connection and execute wrappers (so it counts as a query, and row-level security applies).
    ``key`` names the statement and every value ``build`` reads besides the id (a plan, a
    quarter, a kind of area); the active partnership is added to it, as the scoped managers put
    it in the statement. Rows are tuples in ``values_list`` order, unconverted: only for fields
    the database driver returns as Django would (numbers, text, dates, booleans, decimals).
    """
    key = (*key, scope.current_id(), scope.is_everywhere())
    statement = _compiled.get(key)
    if statement is None:
        queryset = build(_STAND_IN_ID)
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        if _STAND_IN_ID not in params:
            raise ValueError(f"{key[0]}: the statement does not take the object's id as a parameter")
        if len(_compiled) >= _COMPILED_LIMIT:
            _compiled.clear()
        statement = _compiled[key] = (queryset.db, sql, tuple(params))
    alias, sql, params = statement
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [object_id if param == _STAND_IN_ID else param for param in params])
        return cursor.fetchall()


def instances_compiled(
    model: type[models.Model], key: tuple, build: Callable[[int], models.QuerySet], object_id: int
) -> list[models.Model]:
    """The ``model`` instances ``build(object_id)`` would give, by ``run_compiled``: every concrete
    field, no ``select_related``, made as the queryset's own iteration makes them (``from_db``)."""
    names = [field.attname for field in model._meta.concrete_fields]
    rows = run_compiled(key, lambda stand_in: build(stand_in).values_list(*names), object_id)
    db = model._default_manager.db
    return [model.from_db(db, names, row) for row in rows]
