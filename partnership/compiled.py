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

# Where the id (or slug) goes while a statement is compiled: no row has a negative id or a
# slug with a NUL in it, so no other parameter of a statement is equal to one of these.
_STAND_IN_ID = -73_000_001
_STAND_IN_TEXT = "\x00stand-in\x00"
_COMPILED_LIMIT = 512  # statements kept per process: a few per page, partnership and quarter
_compiled: dict[tuple, tuple[str, str, tuple]] = {}


def run_compiled(key: tuple, build: Callable, object_id: int | str) -> list[tuple]:
    """The rows of ``build(object_id)``: the statement compiled once per ``key`` and active partnership.

    ``build`` is called once with ``_STAND_IN_ID`` for the id (``_STAND_IN_TEXT`` for a slug);
    after that its statement runs with the id in the stand-in's place: the statement Django
    would run, through the same connection and execute wrappers (so it counts as a query, and
    row-level security applies).
    ``key`` names the statement and every value ``build`` reads besides the id (a plan, a
    quarter, a kind of area); the active partnership is added to it, as the scoped managers put
    it in the statement. Rows are tuples in ``values_list`` order, unconverted: only for fields
    the database driver returns as Django would (numbers, text, dates, booleans, decimals).
    """
    stand_in = _STAND_IN_TEXT if isinstance(object_id, str) else _STAND_IN_ID
    key = (*key, type(stand_in), scope.current_id(), scope.is_everywhere())
    statement = _compiled.get(key)
    if statement is None:
        queryset = build(stand_in)
        if connections[queryset.db].vendor != "postgresql":
            # SQLite (the embedded default of ``make run``) returns dates, decimals and booleans
            # as text and numbers that Django's converters turn into Python's: run it as Django
            # does, compiled each time. Only PostgreSQL's driver returns what Django would.
            compiler = build(object_id).query.get_compiler(using=queryset.db)
            return list(compiler.results_iter(tuple_expected=True))
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if stand_in not in params:
            raise ValueError(f"{key[0]}: the statement does not take the object's id as a parameter")
        if len(_compiled) >= _COMPILED_LIMIT:
            _compiled.clear()
        statement = _compiled[key] = (queryset.db, sql, tuple(params))
    alias, sql, params = statement
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [object_id if param == stand_in else param for param in params])
        return cursor.fetchall()


def instances_compiled(
    model: type[models.Model],
    key: tuple,
    build: Callable,
    object_id: int | str,
    related: tuple[tuple[str, type[models.Model]], ...] = (),
) -> list[models.Model]:
    """The ``model`` instances ``build(object_id)`` would give, by ``run_compiled``: every concrete
    field, made as the queryset's own iteration makes them (``from_db``). ``related`` are the
    (path, model) pairs to read along, as ``select_related(path)`` would: each attached to its
    parent (``None`` where a nullable foreign key is empty); a path's parent comes before it."""
    chunks = [(path, related_model, _attnames(related_model)) for path, related_model in (("", model), *related)]
    columns = [f"{path}__{name}" if path else name for path, _, names in chunks for name in names]
    rows = run_compiled(key, lambda stand_in: build(stand_in).values_list(*columns), object_id)
    instances = []
    for row in rows:
        start, made = 0, {}
        for path, chunk_model, names in chunks:
            values = row[start : start + len(names)]
            start += len(names)
            instance = (
                None if values[0] is None else chunk_model.from_db(chunk_model._default_manager.db, names, values)
            )
            made[path] = instance
            if path:
                parent, _, attribute = path.rpartition("__")
                if made[parent] is not None:
                    setattr(made[parent], attribute, instance)
        instances.append(made[""])
    return instances


def _attnames(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]
