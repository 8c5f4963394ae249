"""Wards becoming areas of any kind keeps every row, id and link.

The test takes the test database back to the schema before the rename (``Ward``,
``WardPlan``, ``WardPriority``, ``Indicator.by_ward`` and the ``ward`` columns), writes a
small plan there through the historical models, migrates forward as ``manage.py migrate``
does and reads the same rows through today's models.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from consultation.models import Comment, Consultation
from indicators.models import Indicator, Measurement
from partnership import rls
from partnership.models import Area, AreaKind, AreaPlan
from returns.models import ReturnValue
from themes.models import AreaPriority

# Every app at its schema of the day before the rename: partnerships, change indicators and
# published quarters included.
BEFORE_AREAS = [
    ("partnership", "0003_partnership_required"),
    ("themes", "0003_partnership_required"),
    ("indicators", "0010_historical_period_partnership"),
    ("returns", "0004_publish_quarters_already_shown"),
    ("consultation", "0005_partnership_required"),
    ("reports", "0005_partnership_required"),
]

# Slow: each test migrates the database back to an old schema and forward again (make test runs
# them, make test-fast leaves them out).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _migrate(targets):
    """Migrate the test database to ``targets``; the historical apps there.

    As ``migrate`` does, the row-level security policies come off first (they read columns
    the migrations rename and drop) and go back on once the schema is today's.
    """
    rls.remove()
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    if set(targets) == set(executor.loader.graph.leaf_nodes()):
        rls.install()
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.fixture
def before_areas():
    yield _migrate(BEFORE_AREAS)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def _a_plan_with_wards(apps) -> dict:
    get = apps.get_model
    # Historical models know nothing of stamping: each row is given its partnership.
    owner = {"partnership": get("partnership", "Partnership").objects.create(name="P", slug="p", place="Dacorum")}
    plan = get("partnership", "CommunityPlan").objects.create(
        title="Plan", slug="plan", area="Dacorum", start_year=2004, end_year=2014, vision="v", status="adopted", **owner
    )
    forum = get("partnership", "Forum").objects.create(
        plan=plan, name="Community Safety Partnership", slug="csp", **owner
    )
    Ward = get("partnership", "Ward")
    boxmoor = Ward.objects.create(
        name="Boxmoor", slug="boxmoor", code="E05004567", town="Hemel", population=6000, **owner
    )
    highfield = Ward.objects.create(name="Highfield", slug="highfield", code="DAC-14", **owner)
    theme = get("themes", "Theme").objects.create(
        plan=plan, number=1, title="Safety", slug="safety", vision="v", lead_forum=forum, **owner
    )
    ward_plan = get("partnership", "WardPlan").objects.create(ward=boxmoor, year=2014, summary="Agreed in June.")
    priority = get("themes", "WardPriority").objects.create(ward_plan=ward_plan, title="Tackle ASB", order=1)
    priority.themes.add(theme)
    Indicator = get("indicators", "Indicator")
    crime = Indicator.objects.create(
        theme=theme,
        code="CS-02",
        slug="crime",
        title="Crime",
        definition="d",
        polarity="lower",
        source="s",
        by_ward=True,
        **owner,
    )
    survey = Indicator.objects.create(
        theme=theme, code="CS-01", slug="survey", title="Survey", definition="d", polarity="higher", source="s",
        **owner,
    )  # fmt: skip
    period = get("indicators", "ReportingPeriod").objects.create(
        financial_year=2014,
        quarter=2,
        starts_on=datetime.date(2014, 7, 1),
        ends_on=datetime.date(2014, 9, 30),
        return_deadline=datetime.date(2014, 10, 31),
        status="open",
        **owner,
    )
    measurement = get("indicators", "Measurement").objects.create(
        indicator=crime, period=period, ward=highfield, value=D(410), **owner
    )
    ret = get("returns", "QuarterlyReturn").objects.create(forum=forum, period=period, status="draft", **owner)
    value = get("returns", "ReturnValue").objects.create(
        quarterly_return=ret, indicator=crime, ward=boxmoor, value=D(120)
    )
    consultation = get("consultation", "Consultation").objects.create(
        plan=plan,
        title="Lighting",
        slug="lighting",
        summary="s",
        background="b",
        opens_at=timezone.now(),
        closes_at=timezone.now(),
        **owner,
    )
    consultation.wards.add(boxmoor, highfield)
    comment = get("consultation", "Comment").objects.create(
        theme=theme, display_name="Pat", body="More lights please.", ward=highfield, **owner
    )
    # The test database was made from today's models: give it the content type it had then.
    content_types = get("contenttypes", "ContentType").objects
    content_types.filter(app_label="partnership", model__in=["ward", "area"]).delete()
    ward_type = content_types.create(app_label="partnership", model="ward")
    return {
        "partnership": owner["partnership"].pk,
        "wards": {boxmoor.pk: "Boxmoor", highfield.pk: "Highfield"},
        "boxmoor": boxmoor.pk,
        "highfield": highfield.pk,
        "ward_plan": ward_plan.pk,
        "priority": priority.pk,
        "theme": theme.pk,
        "crime": crime.pk,
        "survey": survey.pk,
        "measurement": measurement.pk,
        "value": value.pk,
        "consultation": consultation.pk,
        "comment": comment.pk,
        "ward_type": ward_type.pk,
    }


def test_the_rename_keeps_every_ward_row_id_and_link(before_areas):
    old = _a_plan_with_wards(before_areas)

    call_command("migrate", verbosity=0)
    ContentType.objects.clear_cache()

    assert dict(Area.objects.values_list("pk", "name")) == old["wards"]
    assert set(Area.objects.values_list("partnership_id", flat=True)) == {old["partnership"]}
    assert set(Area.objects.values_list("kind", flat=True)) == {AreaKind.WARD}
    boxmoor = Area.objects.get(pk=old["boxmoor"])
    assert (boxmoor.code, boxmoor.town, boxmoor.population, boxmoor.parent) == ("E05004567", "Hemel", 6000, None)
    assert Area.objects.get(pk=old["highfield"]).code == "DAC-14"  # not an ONS code: kept as it was
    area_plan = AreaPlan.objects.get(pk=old["ward_plan"])
    assert (area_plan.area_id, area_plan.summary) == (old["boxmoor"], "Agreed in June.")
    priority = AreaPriority.objects.get(pk=old["priority"])
    assert priority.area_plan_id == old["ward_plan"]
    assert list(priority.themes.values_list("pk", flat=True)) == [old["theme"]]
    assert dict(Indicator.objects.values_list("pk", "area_kind")) == {old["crime"]: "ward", old["survey"]: ""}
    assert Measurement.objects.get(pk=old["measurement"]).area_id == old["highfield"]
    assert ReturnValue.objects.get(pk=old["value"]).area_id == old["boxmoor"]
    assert set(Consultation.objects.get(pk=old["consultation"]).areas.values_list("pk", flat=True)) == set(old["wards"])
    assert Comment.objects.get(pk=old["comment"]).area_id == old["highfield"]
    # Admin log entries and permissions follow the content type, renamed in place.
    assert ContentType.objects.get(pk=old["ward_type"]).model == "area"
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert {"partnership_area", "partnership_areaplan", "themes_areapriority", "consultation_consultation_areas"} <= (
        tables
    )
    assert not {t for t in tables if "ward" in t}
