"""Writes to indicators and targets. Every change a resident would care about — a target,
a baseline, a definition — goes through here so that it lands in the public change log."""

import contextlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partnership.cache import bump_content_version
from partnership.models import Forum, Ward
from returns.models import QuarterlyReturn, ReturnProgress, ReturnValue

from . import permissions
from .models import Frequency, Indicator, IndicatorChange, IndicatorStatus, Measurement, ReportingPeriod, Target
from .rag import Rag, assess, assess_indicator, target_for

# Indicator fields whose changes are logged publicly, and the log heading each falls under.
TRACKED_INDICATOR_FIELDS: dict[str, str] = {
    "definition": IndicatorChange.Field.DEFINITION,
    "baseline_value": IndicatorChange.Field.BASELINE,
    "baseline_period": IndicatorChange.Field.BASELINE,
    "unit": IndicatorChange.Field.UNIT,
    "polarity": IndicatorChange.Field.UNIT,
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def indicator_changed_fields(indicator: Indicator) -> list[str]:
    """Tracked fields of ``indicator`` whose in-memory value differs from the database."""
    if indicator.pk is None:
        return []
    stored = Indicator.objects.get(pk=indicator.pk)
    return [name for name in TRACKED_INDICATOR_FIELDS if getattr(stored, name) != getattr(indicator, name)]


@transaction.atomic
def indicator_save(*, indicator: Indicator, reason: str = "", by=None) -> list[IndicatorChange]:
    """Save an indicator, logging every change to a tracked field with ``reason``.

    A new indicator needs no reason; changing the definition, baseline, unit or
    polarity of an existing one does, because residents read its history.
    """
    changed = indicator_changed_fields(indicator)
    if changed and not reason.strip():
        raise ValidationError({"reason": "Say why the definition, baseline, unit or polarity is changing."})
    stored = Indicator.objects.get(pk=indicator.pk) if changed else None
    indicator.full_clean()
    indicator.save()
    now = timezone.now()
    changes = [
        IndicatorChange(
            indicator=indicator,
            field=TRACKED_INDICATOR_FIELDS[name],
            summary=Indicator._meta.get_field(name).verbose_name.capitalize(),
            old_value=_text(getattr(stored, name)),
            new_value=_text(getattr(indicator, name)),
            reason=reason.strip(),
            changed_at=now,
            changed_by=by,
        )
        for name in changed
    ]
    for change in changes:
        change.full_clean()
    return IndicatorChange.objects.bulk_create(changes)


@transaction.atomic
def target_save(*, target: Target, reason: str = "", by=None, changed_at=None) -> Target:
    """Create or change a target, logging the change publicly.

    Setting a target for the first time is logged too (“set”), so the log tells the
    whole story of what the partnership promised and when.
    """
    previous = Target.objects.filter(pk=target.pk).first() if target.pk else None
    if previous is not None and previous.describe() == target.describe() and previous.note == target.note:
        return previous
    if previous is not None and not reason.strip():
        raise ValidationError({"reason": "Say why the target is changing."})
    target.full_clean()
    target.save()
    IndicatorChange.objects.create(
        indicator=target.indicator,
        field=IndicatorChange.Field.TARGET,
        summary=f"Target {target.period_label}" + (" revised" if previous else " set"),
        old_value=previous.describe() if previous else "",
        new_value=target.describe(),
        reason=reason.strip() or "Target set.",
        changed_at=changed_at or timezone.now(),
        changed_by=by,
    )
    if previous is not None and previous.financial_year != target.financial_year:
        # Saving judged the new year again (``refresh_on_save``); the year the target left needs it too.
        indicator_status_refresh(
            indicators=Indicator.objects.filter(pk=target.indicator_id), years={previous.financial_year}
        )
    return target


# --- The judged figures (the read model) -------------------------------------------------------
#
# ``IndicatorStatus`` holds, per indicator × quarter × place, what ``rag.assess`` makes of the
# published values and targets. Every write below that changes an input refreshes the rows it
# affects, in its own transaction; ``indicator_status_refresh`` with no years rebuilds an
# indicator's rows entirely (``manage.py refresh_indicator_status`` rebuilds every plan's).
#
# Single-row saves and deletes of a Measurement, Target, Indicator or ReportingPeriod refresh
# through the receivers below (connected in ``IndicatorsConfig.ready``), whoever makes them — a
# service, the admin, the shell — inside the transaction of the save; writes in bulk
# (approving a return, the demo loader, the synthetic dataset) call the service themselves.
#
# Which rows a write affects, by financial year: a published value of year Y changes Y (its
# quarter, and the later quarters' year to date) and Y + 1 (last year's value and direction of
# travel, and "% on last year" targets); a target of year Y changes Y; the indicator's own
# fields (polarity, tolerance, baseline, cumulative…) change all its rows.

STATUS_BATCH_SIZE = 5000


def _status_rows(
    indicators: list[Indicator],
    *,
    periods: dict[tuple[int, int], int],
    values,
    targets: dict[int, list[Target]],
    judged_at,
) -> list[IndicatorStatus]:
    """The rows for ``indicators`` at ``periods``: every quarter borough-wide, and each ward's
    quarters where it has a value then or at the same quarter last year."""
    published: dict[int, dict[int | None, dict[tuple[int, int], tuple]]] = {}
    for indicator_id, ward_id, year, quarter, value, status, is_illustrative in values:
        places = published.setdefault(indicator_id, {None: {}})
        places.setdefault(ward_id, {})[(year, quarter)] = (value, status, is_illustrative)
    rows: list[IndicatorStatus] = []
    for indicator in indicators:
        for ward_id, own in published.get(indicator.pk, {None: {}}).items():
            series = {key: entry[0] for key, entry in own.items()}
            keys = periods.keys() if ward_id is None else set(own) | {(year + 1, quarter) for year, quarter in own}
            for key in sorted(keys):
                period_id = periods.get(key)
                if period_id is None:
                    continue
                target = target_for(targets.get(indicator.pk, ()), key) if ward_id is None else None
                judged = assess(
                    polarity=indicator.polarity,
                    series=series,
                    period=key,
                    target=target,
                    cumulative=indicator.cumulative,
                    tolerance_percent=indicator.tolerance,
                    baseline=indicator.baseline_value,
                )
                year, quarter = key
                used = (
                    [(year, q) for q in range(1, quarter + 1)] + [(year - 1, q) for q in range(1, quarter + 1)]
                    if indicator.cumulative
                    else [key, (year - 1, quarter)]
                )
                this_quarter = own.get(key)
                rows.append(
                    IndicatorStatus(
                        indicator_id=indicator.pk,
                        period_id=period_id,
                        ward_id=ward_id,
                        quarter_value=this_quarter[0] if this_quarter else None,
                        value=judged.value,
                        is_year_to_date=judged.is_year_to_date,
                        target_value=judged.target_value,
                        target_description=target.describe()
                        if target is not None and target.kind == Target.Kind.PERCENT_CHANGE
                        else "",
                        rag=judged.rag,
                        trend=judged.trend,
                        change_percent=judged.change_percent,
                        shortfall_percent=judged.shortfall_percent,
                        last_year_value=judged.last_year_value,
                        reason=judged.reason,
                        status=this_quarter[1] if this_quarter else "",
                        is_illustrative=any(own[k][2] for k in used if k in own),
                        judged_at=judged_at,
                    )
                )
    return rows


@transaction.atomic
def indicator_status_refresh(*, indicators: models.QuerySet[Indicator], years=None) -> int:
    """Judge ``indicators`` again for the financial ``years`` (every year if ``None``).

    Deletes their rows in those years and writes them afresh from the published values and
    targets; returns how many rows it wrote. Called by every service that changes an input.
    """
    chosen = indicators.values("pk")
    stale = IndicatorStatus.objects.filter(indicator__in=chosen)
    values = Measurement.objects.filter(indicator__in=chosen)
    periods = ReportingPeriod.objects.all()
    targets = Target.objects.filter(indicator__in=chosen)
    if years is not None:
        years = sorted(set(years))
        stale = stale.filter(period__financial_year__in=years)
        values = values.filter(period__financial_year__in=sorted({y for year in years for y in (year - 1, year)}))
        periods = periods.filter(financial_year__in=years)
        targets = targets.filter(financial_year__in=years)
    stale.delete()
    by_indicator: dict[int, list[Target]] = {}
    for target in targets.order_by():
        by_indicator.setdefault(target.indicator_id, []).append(target)
    rows = _status_rows(
        list(Indicator.objects.filter(pk__in=chosen).order_by("pk")),
        periods={(year, quarter): pk for pk, year, quarter in periods.values_list("pk", "financial_year", "quarter")},
        values=values.order_by().values_list(
            "indicator_id", "ward_id", "period__financial_year", "period__quarter", "value", "status", "is_illustrative"
        ),
        targets=by_indicator,
        judged_at=timezone.now(),
    )
    IndicatorStatus.objects.bulk_create(rows, batch_size=STATUS_BATCH_SIZE)
    return len(rows)


def indicator_status_rebuild(*, indicators: models.QuerySet[Indicator], chunk: int = 20) -> int:
    """Rebuild every row of ``indicators``, a few indicators at a time so memory stays flat."""
    ids = list(indicators.order_by("pk").values_list("pk", flat=True))
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), chunk):
            first, last = ids[start], ids[min(start + chunk, len(ids)) - 1]
            written += indicator_status_refresh(indicators=indicators.filter(pk__gte=first, pk__lte=last))
    return written


def _status_years_of_value(measurement: Measurement) -> set[int]:
    year = ReportingPeriod.objects.filter(pk=measurement.period_id).values_list("financial_year", flat=True).first()
    return set() if year is None else {year, year + 1}


def refresh_on_save(sender, instance, created: bool = False, **kwargs) -> None:
    """Receiver of ``post_save``: judge again what the saved row feeds."""
    if kwargs.get("raw"):  # loading a fixture: rows arrive in any order
        return
    if sender is Indicator:
        indicator_status_refresh(indicators=Indicator.objects.filter(pk=instance.pk))
    elif sender is ReportingPeriod:
        if created:  # a new quarter: every indicator gets its row there
            indicator_status_refresh(indicators=Indicator.objects.all(), years={instance.financial_year})
    elif sender is Target:
        indicator_status_refresh(
            indicators=Indicator.objects.filter(pk=instance.indicator_id), years={instance.financial_year}
        )
    elif sender is Measurement:
        indicator_status_refresh(
            indicators=Indicator.objects.filter(pk=instance.indicator_id), years=_status_years_of_value(instance)
        )
        moved_from = getattr(instance, "_status_moved_from", None)
        if moved_from is not None:  # moved to another indicator or quarter: where it was is judged again too
            del instance._status_moved_from
            refresh_on_save(Measurement, moved_from)


def note_move(sender, instance, raw: bool = False, **kwargs) -> None:
    """Receiver of ``pre_save`` on ``Measurement``: remember where a value moved from (the admin)."""
    if raw or instance.pk is None:
        return
    stored = Measurement.objects.filter(pk=instance.pk).only("id", "indicator_id", "period_id").first()
    if stored is not None and (stored.indicator_id, stored.period_id) != (instance.indicator_id, instance.period_id):
        instance._status_moved_from = stored


def refresh_on_delete(sender, instance, origin=None, **kwargs) -> None:
    """Receiver of ``post_delete`` for targets deleted in their own right.

    Deleted in a cascade (an indicator, its theme or plan going), their indicator's rows go too.
    Published values are withdrawn through ``measurements_delete`` instead: a ``post_delete``
    receiver on ``Measurement`` would stop Django deleting them in one statement.
    """
    origin_model = origin.model if isinstance(origin, models.QuerySet) else type(origin)
    if origin_model is not sender:
        return
    indicator_status_refresh(
        indicators=Indicator.objects.filter(pk=instance.indicator_id), years={instance.financial_year}
    )


@transaction.atomic
def measurements_delete(*, measurements: models.QuerySet[Measurement]) -> int:
    """Withdraw published values (the admin's delete), and judge again what they fed."""
    affected = set(measurements.values_list("indicator_id", "period__financial_year").distinct().order_by())
    deleted, _ = measurements.delete()
    for indicator_id, year in affected:
        indicator_status_refresh(indicators=Indicator.objects.filter(pk=indicator_id), years={year, year + 1})
    return deleted


STATUS_INPUTS = (Indicator, ReportingPeriod, Target, Measurement)


def connect_status_refresh() -> None:
    for model in STATUS_INPUTS:
        post_save.connect(refresh_on_save, sender=model, dispatch_uid=f"status-save-{model._meta.label}")
    post_delete.connect(refresh_on_delete, sender=Target, dispatch_uid="status-delete-indicators.Target")
    pre_save.connect(note_move, sender=Measurement, dispatch_uid="status-move-indicators.Measurement")


@contextlib.contextmanager
def status_refresh_paused():
    """For bulk jobs that rebuild the judged figures at the end (management commands, not requests).

    Like ``partnership.cache.invalidation_paused``: without receivers Django deletes rows in
    bulk rather than one by one; the receivers are off for every thread of the process.
    """
    for model in STATUS_INPUTS:
        post_save.disconnect(sender=model, dispatch_uid=f"status-save-{model._meta.label}")
    post_delete.disconnect(sender=Target, dispatch_uid="status-delete-indicators.Target")
    pre_save.disconnect(sender=Measurement, dispatch_uid="status-move-indicators.Measurement")
    try:
        yield
    finally:
        connect_status_refresh()


# --- Quarterly returns -------------------------------------------------------------------------
#
# draft ─submit→ submitted ─approve→ approved (locked; values published as measurements)
#   ↑                 │
#   └──── returned ←──┘ send back, with a reason (editable again)
#
# Closing a period locks all of its returns; the support group can reopen one, with a reason.
# Every save checks the version the user started from, so a second concurrent save is refused.


class ReturnLocked(PermissionDenied):
    """The return is approved, or its period is not open."""


class StaleReturn(Exception):
    """Someone else saved the return after this user opened it."""

    def __init__(self, *, saved_by, saved_at, version: int):
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.version = version
        who = saved_by or "someone else"
        super().__init__(f"{who} saved this return at {timezone.localtime(saved_at):%H:%M on %d %b %Y}.")


class ReturnIncomplete(Exception):
    """Submission refused: ``problems`` maps a field key to what is wrong with it."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) to fix before submitting.")


@dataclass(frozen=True)
class ValueInput:
    indicator_id: int
    ward_id: int | None
    value: Decimal | None
    no_value_reason: str = ""
    note: str = ""
    status: str = Measurement.Status.FINAL
    quality: str = Measurement.Quality.GOOD

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.indicator_id, self.ward_id)


@dataclass(frozen=True)
class ProgressInput:
    objective_id: int | None
    action_id: int | None
    status: str
    note: str = ""


NARRATIVE_FIELDS = ("progress_summary", "achievements", "risks_and_issues", "case_study")
VALUE_FIELDS = ("value", "no_value_reason", "note", "status", "quality")


def value_key(indicator_id: int, ward_id: int | None) -> str:
    """The name a value's problems are filed under: the form uses the same key."""
    return f"value-{indicator_id}-{ward_id or 'borough'}"


def return_for(*, forum: Forum, period: ReportingPeriod) -> QuarterlyReturn:
    quarterly_return, _ = QuarterlyReturn.objects.get_or_create(forum=forum, period=period)
    return quarterly_return


def return_indicators(quarterly_return: QuarterlyReturn) -> list[Indicator]:
    """The indicators a forum reports: those of the themes it leads, due this quarter."""
    indicators = Indicator.objects.filter(theme__lead_forum_id=quarterly_return.forum_id).order_by(
        "theme__number", "order", "code"
    )
    if quarterly_return.period.quarter != 4:
        indicators = indicators.exclude(frequency=Frequency.ANNUAL)
    return list(indicators)


def _lock_for_write(quarterly_return: QuarterlyReturn, *, by, expected_version: int) -> QuarterlyReturn:
    current = (
        QuarterlyReturn.objects.select_for_update(of=("self",))
        .select_related("period", "forum", "updated_by")
        .get(pk=quarterly_return.pk)
    )
    if current.version != expected_version:
        raise StaleReturn(saved_by=current.updated_by, saved_at=current.updated_at, version=current.version)
    if current.is_locked:
        raise ReturnLocked("This return is locked: it is approved, or its period is closed.")
    if not permissions.can_edit_return(by, current):
        raise PermissionDenied("You cannot edit this return.")
    return current


def _range_problems(values: list[ValueInput], indicators: dict[int, Indicator]) -> dict[str, str]:
    problems = {}
    for item in values:
        indicator = indicators.get(item.indicator_id)
        if indicator is None:
            problems[value_key(item.indicator_id, item.ward_id)] = "This indicator is not part of this return."
        elif item.value is not None:
            if indicator.min_value is not None and item.value < indicator.min_value:
                problems[value_key(*item.key)] = f"Must be at least {_text(indicator.min_value)}."
            elif indicator.max_value is not None and item.value > indicator.max_value:
                problems[value_key(*item.key)] = f"Must be at most {_text(indicator.max_value)}."
    return problems


def _write_values(quarterly_return: QuarterlyReturn, values: list[ValueInput], *, by) -> int:
    """Insert or update the return's values in bulk, with history. Returns how many changed."""
    existing = {(rv.indicator_id, rv.ward_id): rv for rv in quarterly_return.values.all()}
    to_create, to_update = [], []
    for item in values:
        row = existing.get(item.key)
        fields = {name: getattr(item, name) for name in VALUE_FIELDS}
        if row is None:
            if item.value is None and not item.no_value_reason and not item.note:
                continue  # an empty input is not a value
            to_create.append(
                ReturnValue(
                    quarterly_return=quarterly_return, indicator_id=item.indicator_id, ward_id=item.ward_id, **fields
                )
            )
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            to_update.append(row)
    if to_create:
        bulk_create_with_history(to_create, ReturnValue, batch_size=2000, default_user=by)
    if to_update:
        _update_rows(to_update, VALUE_FIELDS)
        # The history rows, by django-simple-history (no fields: it writes history only).
        bulk_update_with_history(to_update, ReturnValue, [], batch_size=2000, default_user=by)
    return len(to_create) + len(to_update)


def _update_rows(rows: list[models.Model], field_names: tuple[str, ...]) -> None:
    """``UPDATE`` each row's fields, the statements sent as one batch (pipelined by psycopg).

    Django's ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` per row and field and
    resolves each in Python: 18–23 s for a 10,000-row re-import on the benchmark machine.
    """
    model = type(rows[0])
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Table and column names come from the model, never from input; every value is a parameter.
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608 # nosec B608
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields] + [row.pk] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _write_progress(quarterly_return: QuarterlyReturn, progress: list[ProgressInput]) -> None:
    existing = {(p.objective_id, p.action_id): p for p in quarterly_return.progress.all()}
    for item in progress:
        row = existing.get((item.objective_id, item.action_id))
        if row is None:
            if not item.status and not item.note:
                continue
            row = ReturnProgress(
                quarterly_return=quarterly_return, objective_id=item.objective_id, action_id=item.action_id
            )
        elif (row.status, row.note) == (item.status, item.note):
            continue
        row.status, row.note = item.status, item.note
        row.save()


@transaction.atomic
def return_save(
    *,
    quarterly_return: QuarterlyReturn,
    by,
    expected_version: int,
    values: list[ValueInput] = (),
    progress: list[ProgressInput] = (),
    narrative: dict[str, str] | None = None,
) -> QuarterlyReturn:
    """Save a draft: any subset of values, progress and narrative. Refuses a stale version."""
    current = _lock_for_write(quarterly_return, by=by, expected_version=expected_version)
    indicators = {i.pk: i for i in return_indicators(current)}
    problems = _range_problems(list(values), indicators)
    if problems:
        raise ReturnIncomplete(problems)
    _write_values(current, list(values), by=by)
    _write_progress(current, list(progress))
    for name, text in (narrative or {}).items():
        if name not in NARRATIVE_FIELDS:
            raise ValueError(f"{name} is not a narrative section")
        setattr(current, name, text)
    current.version += 1
    current.updated_by = by
    current._change_reason = "Saved"
    current.save()
    return current


def return_problems(quarterly_return: QuarterlyReturn) -> dict[str, str]:
    """Everything that stops a return being submitted, keyed as the form's fields are."""
    period = quarterly_return.period
    indicators = return_indicators(quarterly_return)
    wards = list(Ward.objects.order_by("name").values_list("pk", flat=True))
    entered = {(rv.indicator_id, rv.ward_id): rv for rv in quarterly_return.values.all()}
    problems: dict[str, str] = {}
    history = _borough_series([i.pk for i in indicators], period)
    targets = _targets_by_indicator([i.pk for i in indicators], period.financial_year)
    for indicator in indicators:
        for ward_id in [None, *(wards if indicator.by_ward else [])]:
            row = entered.get((indicator.pk, ward_id))
            key = value_key(indicator.pk, ward_id)
            if row is None or (row.value is None and not row.no_value_reason.strip()):
                problems[key] = "Enter a value, or say why there is none this quarter."
        borough = entered.get((indicator.pk, None))
        if borough is not None and borough.value is not None and not borough.note.strip():
            series = {**history.get(indicator.pk, {}), period.key: borough.value}
            result = assess_indicator(
                indicator, series=series, period=period.key, targets=targets.get(indicator.pk, [])
            )
            if result.rag == Rag.RED:
                problems[value_key(indicator.pk, None)] = "This value is off target (red): add a note explaining why."
    for name in ("progress_summary",):
        if not getattr(quarterly_return, name).strip():
            problems[name] = "Write a short summary of progress this quarter."
    return problems


def _borough_series(indicator_ids: list[int], period: ReportingPeriod) -> dict[int, dict]:
    """Published borough values this year and last, enough for RAG and trend at ``period``."""
    rows = Measurement.objects.filter(
        indicator_id__in=indicator_ids,
        ward__isnull=True,
        period__financial_year__in=[period.financial_year - 1, period.financial_year],
    ).values_list("indicator_id", "period__financial_year", "period__quarter", "value")
    series: dict[int, dict] = {}
    for indicator_id, year, quarter, value in rows:
        series.setdefault(indicator_id, {})[(year, quarter)] = value
    return series


def _targets_by_indicator(indicator_ids: list[int], year: int) -> dict[int, list[Target]]:
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator_id__in=indicator_ids, financial_year=year):
        targets.setdefault(target.indicator_id, []).append(target)
    return targets


def return_submit(
    *,
    quarterly_return: QuarterlyReturn,
    by,
    expected_version: int,
    values: list[ValueInput] = (),
    progress: list[ProgressInput] = (),
    narrative: dict[str, str] | None = None,
) -> QuarterlyReturn:
    """Save what was typed, then submit if nothing is missing.

    The save is committed first, on its own: if something is missing, the typed input
    stays saved as a draft (nothing is lost) and ``ReturnIncomplete`` lists every
    problem, for the form to show next to each field.
    """
    saved = return_save(
        quarterly_return=quarterly_return,
        by=by,
        expected_version=expected_version,
        values=values,
        progress=progress,
        narrative=narrative,
    )
    problems = return_problems(saved)
    if problems:
        raise ReturnIncomplete(problems)
    with transaction.atomic():
        current = _lock_for_write(saved, by=by, expected_version=saved.version)
        current.status = QuarterlyReturn.Status.SUBMITTED
        current.submitted_at = timezone.now()
        current.submitted_by = by
        current.version += 1
        current.updated_by = by
        current._change_reason = "Submitted"
        current.save()
        _notify(current, "submitted", by=by)
    return current


def _notify(quarterly_return: QuarterlyReturn, event: str, *, by) -> None:
    """Tell the people the step concerns, by email from a task, once the transaction commits."""
    from .tasks import send_return_notification_task  # tasks import this module

    args = (quarterly_return.pk, event, getattr(by, "pk", None))
    transaction.on_commit(lambda: send_return_notification_task.delay(*args))


def _transition_target(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    return (
        QuarterlyReturn.objects.select_for_update(of=("self",))
        .select_related("period", "forum")
        .get(pk=quarterly_return.pk)
    )


@transaction.atomic
def return_approve(*, quarterly_return: QuarterlyReturn, by) -> QuarterlyReturn:
    """Sign off a submitted return and publish its values as measurements."""
    current = _transition_target(quarterly_return)
    if not permissions.can_approve_return(by, current):
        raise PermissionDenied("Only the forum's lead or the support group can approve a submitted return.")
    now = timezone.now()
    _publish_values(current, approved_at=now)
    year = current.period.financial_year
    indicator_status_refresh(
        indicators=Indicator.objects.filter(return_values__quarterly_return=current), years={year, year + 1}
    )
    _publish_progress(current)
    current.status = QuarterlyReturn.Status.APPROVED
    current.approved_at = now
    current.approved_by = by
    current.is_reopened = False
    current.returned_reason = ""
    current.version += 1
    current.updated_by = by
    current._change_reason = "Approved"
    current.save()
    _notify(current, "approved", by=by)
    return current


def _publish_values(quarterly_return: QuarterlyReturn, *, approved_at) -> None:
    rows = [rv for rv in quarterly_return.values.select_related("indicator") if rv.value is not None]
    published = {
        (m.indicator_id, m.ward_id): m
        for m in Measurement.objects.filter(
            period=quarterly_return.period, indicator_id__in={rv.indicator_id for rv in rows}
        )
    }
    to_create, to_update = [], []
    for rv in rows:
        existing = published.get((rv.indicator_id, rv.ward_id))
        fields = {
            "value": rv.value,
            "status": rv.status,
            "quality": rv.quality,
            "note": rv.note,
            "quarterly_return": quarterly_return,
            "is_illustrative": False,
        }
        if existing is None:
            to_create.append(
                Measurement(indicator_id=rv.indicator_id, period=quarterly_return.period, ward_id=rv.ward_id, **fields)
            )
            continue
        if existing.value != rv.value:
            fields["revision_note"] = (
                f"Revised from {_text(existing.value)} to {_text(rv.value)} when the "
                f"{quarterly_return.forum} return was approved on {timezone.localtime(approved_at):%d %b %Y}."
            )
        for name, value in fields.items():
            setattr(existing, name, value)
        to_update.append(existing)
    Measurement.objects.bulk_create(to_create, batch_size=2000)
    Measurement.objects.bulk_update(
        to_update,
        ["value", "status", "quality", "note", "quarterly_return", "is_illustrative", "revision_note", "updated_at"],
        batch_size=2000,
    )
    # Bulk writes send no signals: tell the public page cache that published values changed.
    transaction.on_commit(bump_content_version)


def _publish_progress(quarterly_return: QuarterlyReturn) -> None:
    for item in quarterly_return.progress.select_related("objective", "action"):
        target = item.objective or item.action
        if item.status:
            target.status = item.status
        if item.note:
            target.progress_note = item.note
        target.save(update_fields=["status", "progress_note"])


@transaction.atomic
def return_send_back(*, quarterly_return: QuarterlyReturn, by, reason: str) -> QuarterlyReturn:
    """Return a submitted return to its forum with a reason; it becomes editable again."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what the forum needs to change."})
    current = _transition_target(quarterly_return)
    if not permissions.can_approve_return(by, current):
        raise PermissionDenied("Only the forum's lead or the support group can send a return back.")
    current.status = QuarterlyReturn.Status.RETURNED
    current.returned_reason = reason.strip()
    current.version += 1
    current.updated_by = by
    current._change_reason = f"Returned: {reason.strip()}"
    current.save()
    _notify(current, "sent_back", by=by)
    return current


@transaction.atomic
def return_reopen(*, quarterly_return: QuarterlyReturn, by, reason: str) -> QuarterlyReturn:
    """The support group reopens a locked return (approved, or in a closed period).

    Its values stay published until it is approved again, so no judged figure changes.
    """
    if not reason.strip():
        raise ValidationError({"reason": "Say why the return is being reopened."})
    current = _transition_target(quarterly_return)
    if not permissions.can_reopen_return(by, current):
        raise PermissionDenied("Only the support group can reopen a locked return.")
    current.status = QuarterlyReturn.Status.DRAFT
    current.is_reopened = True
    current.reopened_reason = reason.strip()
    current.version += 1
    current.updated_by = by
    current._change_reason = f"Reopened: {reason.strip()}"
    current.save()
    _notify(current, "reopened", by=by)
    return current


@transaction.atomic
def period_open(*, period: ReportingPeriod, by) -> ReportingPeriod:
    if not permissions.can_close_period(by):
        raise PermissionDenied("Only the support group opens and closes periods.")
    period.status = ReportingPeriod.Status.OPEN
    period.save(update_fields=["status"])
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Close a period: every return of it is locked (unless the support group reopens one)."""
    if not permissions.can_close_period(by):
        raise PermissionDenied("Only the support group opens and closes periods.")
    period.status = ReportingPeriod.Status.CLOSED
    period.save(update_fields=["status"])
    period.returns.filter(is_reopened=True).update(is_reopened=False)
    return period
