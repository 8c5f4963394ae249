"""PostgreSQL row-level security: the second wall between partnerships.

The first wall is the application's: ``partnership.scope`` and the scoped managers of
``partnership.owned``. This one holds even for a query that forgets them (a raw query, a
``_base_manager``, a new selector with a bug): every table holding a partnership's rows
has a policy, forced on its owner too, that lets a row through only if

- the row's ``partnership_id`` is the transaction's ``lsp.partnership`` setting (tables
  with the column), or its parent row is visible (child tables, e.g. a return's values
  through the return, a question's choices through the question and its consultation);
- or ``lsp.all_partnerships`` is ``on`` (``scope.everywhere()``: the superuser's admin,
  migrations).

With neither set, a partnership-owned table reads as empty and refuses writes. The same
test is the policy's ``WITH CHECK``, so no row can be written into another partnership.

The tables and their routes are found from the models, so a new model is covered the day
it is added (``test_rls.py`` checks that no table holding a partnership's data is left
out). The policies are (re)made after every ``migrate`` and dropped before it, so that a
migration may alter the columns they read. Superusers and roles with BYPASSRLS skip all
of this: the portal must connect as an ordinary role (``settings.DATABASE_APP_ROLE``,
``lsp_app`` by default, which gets its grants here); migrations may run as the owner.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connections, models

from . import scope
from .scope import ALL_PARTNERSHIPS_SETTING, PARTNERSHIP_SETTING

POLICY = "lsp_partnership"
PROJECT_APPS = ("partnership", "themes", "indicators", "returns", "consultation", "reports")
# Shared by every partnership: people (who may hold roles in several), the partnerships themselves.
GLOBAL_MODELS = {
    "partnership.user",
    "partnership.user_groups",
    "partnership.user_user_permissions",
    "partnership.partnership",
}


@dataclass(frozen=True)
class Route:
    table: str
    condition: str  # SQL, true for rows the active partnership may see

    def statements(self) -> list[str]:
        return [
            f'ALTER TABLE "{self.table}" ENABLE ROW LEVEL SECURITY',
            f'ALTER TABLE "{self.table}" FORCE ROW LEVEL SECURITY',
            f'DROP POLICY IF EXISTS {POLICY} ON "{self.table}"',
            f'CREATE POLICY {POLICY} ON "{self.table}" USING ({self.condition}) WITH CHECK ({self.condition})',
        ]


_EVERYWHERE = f"current_setting('{ALL_PARTNERSHIPS_SETTING}', true) = 'on'"
_ACTIVE = f"NULLIF(current_setting('{PARTNERSHIP_SETTING}', true), '')::bigint"


def _project_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS
        and model._meta.label_lower not in GLOBAL_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]


def _has_column(model, name: str) -> bool:
    return any(getattr(f, "attname", None) == name for f in model._meta.concrete_fields)


def routes() -> list[Route]:
    """Each partnership-owned table and the condition its policy tests, parents before children."""
    found: dict[type[models.Model], Route] = {}
    pending = _project_models()
    for model in pending:
        if _has_column(model, "partnership_id"):
            found[model] = Route(model._meta.db_table, f"partnership_id = {_ACTIVE} OR {_EVERYWHERE}")
    # Children follow a parent already covered: a not-null key first, as every row has one.
    progress = True
    while progress:
        progress = False
        for model in pending:
            if model in found:
                continue
            keys = [
                f
                for f in model._meta.concrete_fields
                if f.is_relation and f.many_to_one and f.related_model in found and f.related_model is not model
            ]
            if not keys:
                continue
            keys.sort(key=lambda f: f.null)
            key = keys[0]
            parent = key.related_model._meta
            # Table and column names from the models, never from input.
            condition = (  # nosec B608
                f'EXISTS (SELECT 1 FROM "{parent.db_table}" parent'  # noqa: S608 # nosec B608
                f' WHERE parent."{key.target_field.column}" = "{model._meta.db_table}"."{key.column}")'
            )
            if key.null:
                condition = f'("{model._meta.db_table}"."{key.column}" IS NULL AND {_EVERYWHERE}) OR {condition}'
            found[model] = Route(model._meta.db_table, condition)
            progress = True
    return list(found.values())


def uncovered_tables() -> list[str]:
    """Tables of the project's models that no route covers (all of them must be global by choice)."""
    covered = {route.table for route in routes()}
    return sorted(m._meta.db_table for m in _project_models() if m._meta.db_table not in covered)


def install(using: str = "default") -> None:
    """Enable, force and (re)make every policy, and grant the application's role its rights."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for route in routes():
            for statement in route.statements():
                cursor.execute(statement)
    grant(using)


def grant(using: str = "default") -> None:
    """Give the application's role (if it exists) read and write on every table and sequence."""
    connection = connections[using]
    role = settings.DATABASE_APP_ROLE
    if connection.vendor != "postgresql" or not role:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')
            cursor.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')


def remove(using: str = "default") -> None:
    """Drop every policy of the portal's (before a migration that may alter what they read).

    The tables stay under row-level security, no longer *forced*: their owner (who
    migrates) reads and writes every row, as data migrations need, even when it is not a
    superuser (a managed PostgreSQL has none), while the application's role, still under
    RLS with no policy, reads no partnership's rows until ``install`` has run again."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, tablename FROM pg_policies WHERE policyname = %s", [POLICY])
        for schema, table in cursor.fetchall():
            cursor.execute(f'DROP POLICY IF EXISTS {POLICY} ON "{schema}"."{table}"')
            cursor.execute(f'ALTER TABLE "{schema}"."{table}" NO FORCE ROW LEVEL SECURITY')


_migrating: list[object] = []  # the scope tokens of the migrations running in this process


def before_migrate(using: str = "default", **_ignored) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    remove(using)
    # The migrating process sees every partnership's rows (data migrations): each of its
    # transactions says so (partnership.scope), as a request's does for its partnership.
    _migrating.append(scope.enter("*"))


def after_migrate(using: str = "default", **_ignored) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    install(using)
    if _migrating:  # not after ``flush``, which sends post_migrate without pre_migrate
        scope.leave(_migrating.pop())
