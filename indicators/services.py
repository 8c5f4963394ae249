"""Writes to indicators and targets. Every change a resident would care about — a target,
a baseline, a definition — goes through here so that it lands in the public change log."""

import contextlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from .models import Indicator, IndicatorChange, IndicatorStatus, Measurement, ReportingPeriod, Target
from .rag import MeasureKind, assess, target_for

# Indicator fields whose changes are logged publicly, and the log heading each falls under.
TRACKED_INDICATOR_FIELDS: dict[str, str] = {
    "definition": IndicatorChange.Field.DEFINITION,
    "baseline_value": IndicatorChange.Field.BASELINE,
    "baseline_period": IndicatorChange.Field.BASELINE,
    "unit": IndicatorChange.Field.UNIT,
    "polarity": IndicatorChange.Field.UNIT,
}


def value_text(value) -> str:
    """A value as the change log and the services' messages write it: ``Decimal("12.50")`` → ``"12.5"``."""
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
            old_value=value_text(getattr(stored, name)),
            new_value=value_text(getattr(indicator, name)),
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
    unit = target.indicator.unit
    if previous is not None and previous.describe(unit) == target.describe(unit) and previous.note == target.note:
        return previous
    if previous is not None and not reason.strip():
        raise ValidationError({"reason": "Say why the target is changing."})
    target.full_clean()
    target.save()
    IndicatorChange.objects.create(
        indicator=target.indicator,
        field=IndicatorChange.Field.TARGET,
        summary=f"Target {target.period_label}" + (" revised" if previous else " set"),
        old_value=previous.describe(unit) if previous else "",
        new_value=target.describe(unit),
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
    """The rows for ``indicators`` at ``periods``: every quarter borough-wide, and each area's
    quarters where it has a value then or at the same quarter last year."""
    published: dict[int, dict[int | None, dict[tuple[int, int], tuple]]] = {}
    for indicator_id, area_id, year, quarter, value, status, is_illustrative in values:
        places = published.setdefault(indicator_id, {None: {}})
        places.setdefault(area_id, {})[(year, quarter)] = (value, status, is_illustrative)
    rows: list[IndicatorStatus] = []
    for indicator in indicators:
        measure = indicator.measure_kind
        # How a % change target is set, beside the target in the indicator's units; a change
        # indicator's target *is* its change ("−2%"), so it needs no words beside it.
        describes = measure != MeasureKind.CHANGE
        places_of = published.get(indicator.pk, {None: {}})
        for area_id, own in places_of.items():
            series = {key: entry[0] for key, entry in own.items()}
            keys = periods.keys() if area_id is None else set(own) | {(year + 1, quarter) for year, quarter in own}
            for key in sorted(keys):
                period_id = periods.get(key)
                if period_id is None:
                    continue
                target = target_for(targets.get(indicator.pk, ()), key) if area_id is None else None
                judged = assess(
                    polarity=indicator.polarity,
                    series=series,
                    period=key,
                    target=target,
                    cumulative=indicator.cumulative,
                    tolerance_percent=indicator.tolerance,
                    baseline=indicator.baseline_value,
                    measure=measure,
                )
                year, quarter = key
                used = (
                    [(year, q) for q in range(1, quarter + 1)] + [(year - 1, q) for q in range(1, quarter + 1)]
                    if judged.is_year_to_date
                    else [key, (year - 1, quarter)]
                )
                this_quarter = own.get(key)
                reported = (
                    sum(1 for place, entries in places_of.items() if place is not None and key in entries)
                    if area_id is None
                    else 0
                )
                rows.append(
                    IndicatorStatus(
                        indicator_id=indicator.pk,
                        period_id=period_id,
                        area_id=area_id,
                        quarter_value=this_quarter[0] if this_quarter else None,
                        value=judged.value,
                        is_year_to_date=judged.is_year_to_date,
                        target_value=judged.target_value,
                        target_description=target.describe(indicator.unit)
                        if describes and target is not None and target.kind == Target.Kind.PERCENT_CHANGE
                        else "",
                        rag=judged.rag,
                        trend=judged.trend,
                        change_percent=judged.change_percent,
                        shortfall_percent=judged.shortfall_percent,
                        change_points=judged.change_points,
                        shortfall_points=judged.shortfall_points,
                        last_year_value=judged.last_year_value,
                        reason=judged.reason,
                        status=this_quarter[1] if this_quarter else "",
                        is_illustrative=any(own[k][2] for k in used if k in own),
                        areas_reported=reported,
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
            "indicator_id", "area_id", "period__financial_year", "period__quarter", "value", "status", "is_illustrative"
        ),
        targets=by_indicator,
        judged_at=timezone.now(),
    )
    IndicatorStatus.objects.bulk_create(rows, batch_size=STATUS_BATCH_SIZE)
    indicator_status_mark_latest(indicators=indicators)
    return len(rows)


def indicator_status_mark_latest(*, indicators: models.QuerySet[Indicator]) -> None:
    """Flag each indicator's latest published figure for the whole area (``is_latest``).

    That is its borough row with a value in the newest published quarter that has one: the
    headline figure the public pages show (``indicators.selectors.latest_figures``), read by
    index rather than found by a window over every quarter on each request. Called when the
    rows are written (``indicator_status_refresh``) and when a quarter is published, withdrawn
    or deleted (the receivers below). Two statements; only rows whose flag changes are written.
    """
    borough = IndicatorStatus.objects.filter(indicator__in=indicators.values("pk"), area__isnull=True)
    recency = Window(
        RowNumber(),
        partition_by=[F("indicator_id")],
        order_by=[F("period__financial_year").desc(), F("period__quarter").desc()],
    )
    newest = (
        borough.filter(quarter_value__isnull=False, period__published_at__isnull=False)
        .annotate(recency=recency)
        .filter(recency=1)
        .values("pk")
    )
    borough.filter(is_latest=True).exclude(pk__in=newest).update(is_latest=False)
    borough.filter(is_latest=False, pk__in=newest).update(is_latest=True)


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
        else:  # published or withdrawn (the admin too): the headline figures may move
            indicator_status_mark_latest(indicators=Indicator.objects.all())
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


def mark_latest_on_period_delete(sender, instance, **kwargs) -> None:
    """Receiver of ``post_delete`` on ``ReportingPeriod``: its rows went, so an earlier figure may lead."""
    indicator_status_mark_latest(indicators=Indicator.objects.all())


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
    post_delete.connect(
        mark_latest_on_period_delete, sender=ReportingPeriod, dispatch_uid="status-delete-indicators.ReportingPeriod"
    )
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
    post_delete.disconnect(sender=ReportingPeriod, dispatch_uid="status-delete-indicators.ReportingPeriod")
    pre_save.disconnect(sender=Measurement, dispatch_uid="status-move-indicators.Measurement")
    try:
        yield
    finally:
        connect_status_refresh()
