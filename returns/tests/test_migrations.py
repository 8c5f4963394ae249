"""Moving the quarterly returns out of ``indicators`` keeps every table, row, id and history record.

Each test takes the test database back to the schema as it was before the move (indicators at
``0004_indicator_status``, no ``returns`` migration), writes a return there through the
historical models, migrates forward and reads the same rows through ``returns.models``.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from indicators.models import Measurement
from partnership import rls
from partnership.models import User
from returns.models import QuarterlyReturn, ReminderSent, ReturnProgress, ReturnValue

# Before the partnerships too: every app at its schema of the day of the move.
BEFORE_THE_MOVE = [
    ("partnership", "0001_initial"),
    ("themes", "0001_initial"),
    ("consultation", "0003_suggestion_moderation"),
    ("reports", "0003_build_heartbeat"),
    ("indicators", "0004_indicator_status"),
    ("returns", None),
]
MOVED = ["quarterlyreturn", "returnvalue", "returnprogress", "remindersent"]
MOVED += [f"historical{name}" for name in ("quarterlyreturn", "returnvalue", "returnprogress")]

# Slow: each test migrates the database back to an old schema and forward again (make test runs
# them, make test-fast leaves them out).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _migrate(targets):
    """Migrate the test database to ``targets``; the historical apps there.

    As ``migrate`` does, the row-level security policies come off first (they read columns
    the migrations drop) and go back on once the schema is today's.
    """
    rls.remove()
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    if set(targets) == set(executor.loader.graph.leaf_nodes()):
        rls.install()
    executor.loader.build_graph()  # reads which migrations are applied now
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.fixture
def before_the_move():
    """The historical apps before the move; whatever happens, the database ends fully migrated."""
    yield _migrate(BEFORE_THE_MOVE)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def _a_return_as_it_was(apps) -> dict:
    """A submitted return with values, progress, a reminder, history, a published value,
    a permission held through it and an admin log entry, written as the old schema had them."""
    get = apps.get_model
    plan = get("partnership", "CommunityPlan").objects.create(
        title="Plan", slug="plan", area="Dacorum", start_year=2004, end_year=2014, vision="v", status="adopted"
    )
    forum = get("partnership", "Forum").objects.create(plan=plan, name="Community Safety Partnership", slug="csp")
    ward = get("partnership", "Ward").objects.create(name="Boxmoor", slug="boxmoor", code="W01")
    theme = get("themes", "Theme").objects.create(
        plan=plan, number=1, title="Safety", slug="safety", vision="v", lead_forum=forum
    )
    objective = get("themes", "Objective").objects.create(theme=theme, title="Better relations with the police")
    indicator = get("indicators", "Indicator").objects.create(
        theme=theme, code="CS-02", slug="crime", title="Recorded crime", definition="d", polarity="lower", source="s"
    )
    period = get("indicators", "ReportingPeriod").objects.create(
        financial_year=2014,
        quarter=2,
        starts_on=datetime.date(2014, 7, 1),
        ends_on=datetime.date(2014, 9, 30),
        return_deadline=datetime.date(2014, 10, 31),
        status="open",
    )
    officer = get("partnership", "User").objects.create(username="officer", password="!")
    now = timezone.now()
    ret = get("indicators", "QuarterlyReturn").objects.create(
        forum=forum,
        period=period,
        status="submitted",
        progress_summary="Burglary down in every ward.",
        submitted_at=now,
        submitted_by=officer,
        updated_by=officer,
        version=3,
    )
    borough = get("indicators", "ReturnValue").objects.create(
        quarterly_return=ret, indicator=indicator, value=D("950.5"), note="A good quarter."
    )
    in_ward = get("indicators", "ReturnValue").objects.create(
        quarterly_return=ret, indicator=indicator, ward=ward, value=D(410)
    )
    progress = get("indicators", "ReturnProgress").objects.create(
        quarterly_return=ret, objective=objective, status="on_track", note="Panels meet monthly."
    )
    reminder = get("indicators", "ReminderSent").objects.create(
        forum=forum, period=period, stage="before", recipients="officer@example.org", sent_at=now
    )
    history = get("indicators", "HistoricalQuarterlyReturn")
    for version, (status, reason) in enumerate([("draft", "Saved"), ("submitted", "Submitted")], start=2):
        history.objects.create(
            id=ret.pk,
            forum=forum,
            period=period,
            status=status,
            version=version,
            history_date=now,
            history_type="~",
            history_change_reason=reason,
            history_user=officer,
        )
    get("indicators", "HistoricalReturnValue").objects.create(
        id=borough.pk,
        quarterly_return=ret,
        indicator=indicator,
        value=D("950.5"),
        history_date=now,
        history_type="+",
        history_user=officer,
    )
    published = get("indicators", "Measurement").objects.create(
        indicator=indicator, period=period, value=D(900), quarterly_return=ret
    )
    # Content types as the old schema had them (the reverse migration moved the test database's back).
    content_type = get("contenttypes", "ContentType").objects.get(app_label="indicators", model="quarterlyreturn")
    permission = get("auth", "Permission").objects.get(content_type=content_type, codename="change_quarterlyreturn")
    officer.user_permissions.add(permission)
    entry = get("admin", "LogEntry").objects.create(
        action_time=now,
        user=officer,
        content_type=content_type,
        object_id=str(ret.pk),
        object_repr="Community Safety Partnership — 2014/15 Q2",
        action_flag=CHANGE,
        change_message="[]",
    )
    return {
        "return": ret.pk,
        "values": {borough.pk: (None, D("950.5"), "A good quarter."), in_ward.pk: (ward.pk, D(410), "")},
        "progress": progress.pk,
        "reminder": reminder.pk,
        "published": published.pk,
        "officer": officer.pk,
        "content_type": content_type.pk,
        "permission": permission.pk,
        "log_entry": entry.pk,
    }


def test_the_move_keeps_every_row_id_history_record_and_content_type(before_the_move):
    old = _a_return_as_it_was(before_the_move)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    ret = QuarterlyReturn.objects.get(pk=old["return"])
    assert (ret.forum.slug, ret.period.key, ret.status, ret.version) == ("csp", (2014, 2), "submitted", 3)
    assert ret.progress_summary == "Burglary down in every ward."
    assert {v.pk: (v.area_id, v.value, v.note) for v in ret.values.all()} == old["values"]
    assert ReturnValue.objects.filter(quarterly_return=ret).count() == 2
    progress = ReturnProgress.objects.get(pk=old["progress"])
    assert (progress.quarterly_return_id, progress.status) == (ret.pk, "on_track")
    assert progress.note == "Panels meet monthly."
    reminder = ReminderSent.objects.get(pk=old["reminder"])
    assert (reminder.forum_id, reminder.period_id, reminder.stage) == (ret.forum_id, ret.period_id, "before")
    assert Measurement.objects.get(pk=old["published"]).quarterly_return == ret
    assert list(ret.measurements.values_list("pk", flat=True)) == [old["published"]]

    # The history reads as before, through the moved history models.
    assert [(h.version, h.history_change_reason) for h in ret.history.order_by("history_id")] == [
        (2, "Saved"),
        (3, "Submitted"),
    ]
    assert [h.value for h in ReturnValue.history.filter(quarterly_return_id=ret.pk)] == [D("950.5")]

    # The content type moved with its id: the permission and the admin log entry still hold.
    content_type = ContentType.objects.get_for_model(QuarterlyReturn)
    assert (content_type.pk, content_type.app_label) == (old["content_type"], "returns")
    assert not ContentType.objects.filter(app_label="indicators", model__in=MOVED).exists()
    assert ContentType.objects.filter(app_label="returns", model__in=MOVED).count() == len(MOVED)
    officer = User.objects.get(pk=old["officer"])
    assert officer.has_perm("returns.change_quarterlyreturn")
    assert list(officer.user_permissions.values_list("pk", flat=True)) == [old["permission"]]
    entry = LogEntry.objects.get(pk=old["log_entry"])
    assert entry.get_edited_object() == ret
    assert entry.get_admin_url() == f"/admin/returns/quarterlyreturn/{ret.pk}/change/"


def test_content_types_made_while_only_returns_had_migrated_are_merged_into_the_old_ones(before_the_move):
    old = _a_return_as_it_was(before_the_move)
    # ``migrate returns`` alone, then post_migrate: content types (and default permissions) for the new app.
    apps = _migrate([("returns", "0001_initial")])
    made = apps.get_model("contenttypes", "ContentType").objects.create(app_label="returns", model="quarterlyreturn")
    permissions = apps.get_model("auth", "Permission").objects
    for action in ("add", "change", "delete", "view"):
        permissions.create(content_type=made, codename=f"{action}_quarterlyreturn", name=f"Can {action} return")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    content_type = ContentType.objects.get(app_label="returns", model="quarterlyreturn")
    assert content_type.pk == old["content_type"]
    assert not ContentType.objects.filter(pk=made.pk).exists()
    assert content_type.permission_set.count() == 4
    assert User.objects.get(pk=old["officer"]).has_perm("returns.change_quarterlyreturn")
    assert LogEntry.objects.get(pk=old["log_entry"]).get_edited_object().pk == old["return"]
