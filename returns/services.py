"""The quarterly return workflow: save a draft, submit, approve (publishing the values), send
back, reopen; and opening and closing a quarter for returns.

Views, the CSV/Excel import, admin actions and the demo loader all write returns through
these functions, which ask ``returns.permissions`` who may do what.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.models import Frequency, Indicator, Measurement, ReportingPeriod, Target
from indicators.rag import Rag, assess_indicator
from indicators.services import indicator_status_refresh, value_text
from partnership.cache import bump_content_version_on_commit
from partnership.models import Forum
from partnership.selectors import areas_of_kinds

from . import permissions
from .models import QuarterlyReturn, ReturnProgress, ReturnValue

# draft ─submit→ submitted ─approve→ approved (locked; values published as measurements)
#   ↑                 │
#   └──── returned ←──┘ send back, with a reason (editable again)
#
# Closing a period locks all of its returns; the support group can reopen one, with a reason.
# Every save checks the version the user started from, so a second concurrent save is refused.


class ReturnLocked(PermissionDenied):
    """The return is approved, or its period is not open."""


class OwnReturn(PermissionDenied):
    """Sign-off refused: the person signing off submitted the return (separation of duties)."""

    def __init__(self, what: str = "approve"):
        super().__init__(
            f"You submitted this return, so you cannot {what} it: another member must — the forum's lead "
            "or someone else in the LSP Support Group."
        )


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
    area_id: int | None
    value: Decimal | None
    no_value_reason: str = ""
    note: str = ""
    status: str = Measurement.Status.FINAL
    quality: str = Measurement.Quality.GOOD

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.indicator_id, self.area_id)


@dataclass(frozen=True)
class ProgressInput:
    objective_id: int | None
    action_id: int | None
    status: str
    note: str = ""


NARRATIVE_FIELDS = ("progress_summary", "achievements", "risks_and_issues", "case_study")
VALUE_FIELDS = ("value", "no_value_reason", "note", "status", "quality")


def value_key(indicator_id: int, area_id: int | None) -> str:
    """The name a value's problems are filed under: the form uses the same key."""
    return f"value-{indicator_id}-{area_id or 'borough'}"


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
            problems[value_key(item.indicator_id, item.area_id)] = "This indicator is not part of this return."
        elif item.value is not None:
            if indicator.min_value is not None and item.value < indicator.min_value:
                problems[value_key(*item.key)] = f"Must be at least {value_text(indicator.min_value)}."
            elif indicator.max_value is not None and item.value > indicator.max_value:
                problems[value_key(*item.key)] = f"Must be at most {value_text(indicator.max_value)}."
    return problems


def _write_values(quarterly_return: QuarterlyReturn, values: list[ValueInput], *, by) -> int:
    """Insert or update the return's values in bulk, with history. Returns how many changed."""
    existing = {(rv.indicator_id, rv.area_id): rv for rv in quarterly_return.values.all()}
    to_create, to_update = [], []
    for item in values:
        row = existing.get(item.key)
        fields = {name: getattr(item, name) for name in VALUE_FIELDS}
        if row is None:
            if item.value is None and not item.no_value_reason and not item.note:
                continue  # an empty input is not a value
            to_create.append(
                ReturnValue(
                    quarterly_return=quarterly_return, indicator_id=item.indicator_id, area_id=item.area_id, **fields
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
    by_kind = areas_of_kinds(i.area_kind for i in indicators)
    areas = {kind: [area.pk for area in found] for kind, found in by_kind.items()}
    entered = {(rv.indicator_id, rv.area_id): rv for rv in quarterly_return.values.all()}
    problems: dict[str, str] = {}
    history = _borough_series([i.pk for i in indicators], period)
    targets = _targets_by_indicator([i.pk for i in indicators], period.financial_year)
    for indicator in indicators:
        for area_id in [None, *areas.get(indicator.area_kind, [])]:
            row = entered.get((indicator.pk, area_id))
            key = value_key(indicator.pk, area_id)
            if row is None or (row.value is None and not row.no_value_reason.strip()):
                problems[key] = "Enter a value, or say why there is none"
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
        area__isnull=True,
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
    """Sign off a submitted return: its values are ready, and published with its quarter.

    In a quarter the support group has already published (``period_publish``), a return
    approved late is published at once: its values become measurements and the judged
    figures are refreshed, in this transaction. In a quarter not yet published, they wait
    in the return, unseen by residents, until the quarter is published.
    """
    current = _transition_target(quarterly_return)
    if current.status == QuarterlyReturn.Status.SUBMITTED and permissions.submitted_it(by, current):
        raise OwnReturn("approve")
    if not permissions.can_approve_return(by, current):
        raise PermissionDenied("Only the forum's lead or the support group can approve a submitted return.")
    now = timezone.now()
    if current.period.is_published:
        _publish_returns([current], at=now)
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


def _publish_returns(returns: list[QuarterlyReturn], *, at) -> None:
    """Publish approved returns of one quarter: values as measurements, judged figures refreshed, progress.

    The one way a return's values reach residents, whether its quarter is being published
    (``period_publish``) or was already (``return_approve``).
    """
    if not returns:
        return
    period = returns[0].period
    for quarterly_return in returns:
        _publish_values(quarterly_return, approved_at=at)
    year = period.financial_year
    indicator_status_refresh(
        indicators=Indicator.objects.filter(return_values__quarterly_return__in=returns).distinct(),
        years={year, year + 1},
    )
    # An objective's status is its latest: a past quarter published after a later one (back-fill)
    # leaves the later quarter's word on it.
    later = ReportingPeriod.objects.published().filter(
        models.Q(financial_year__gt=year) | models.Q(financial_year=year, quarter__gt=period.quarter)
    )
    if not later.exists():
        for quarterly_return in returns:
            _publish_progress(quarterly_return)


def _publish_values(quarterly_return: QuarterlyReturn, *, approved_at) -> None:
    rows = [rv for rv in quarterly_return.values.select_related("indicator") if rv.value is not None]
    published = {
        (m.indicator_id, m.area_id): m
        for m in Measurement.objects.filter(
            period=quarterly_return.period, indicator_id__in={rv.indicator_id for rv in rows}
        )
    }
    to_create, to_update = [], []
    for rv in rows:
        existing = published.get((rv.indicator_id, rv.area_id))
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
                Measurement(indicator_id=rv.indicator_id, period=quarterly_return.period, area_id=rv.area_id, **fields)
            )
            continue
        if existing.value != rv.value:
            fields["revision_note"] = (
                f"Revised from {value_text(existing.value)} to {value_text(rv.value)} when the "
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
    bump_content_version_on_commit()


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
    if current.status == QuarterlyReturn.Status.SUBMITTED and permissions.submitted_it(by, current):
        raise OwnReturn("send back")
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
    period._history_user = by
    period._change_reason = "Opened for returns"
    period.save(update_fields=["status"])
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Close a period: every return of it is locked (unless the support group reopens one)."""
    if not permissions.can_close_period(by):
        raise PermissionDenied("Only the support group opens and closes periods.")
    period.status = ReportingPeriod.Status.CLOSED
    period._history_user = by
    period._change_reason = "Closed"
    period.save(update_fields=["status"])
    period.returns.filter(is_reopened=True).update(is_reopened=False)
    return period


# --- Publishing a quarter, and back-filling a past one ---------------------------------------------


@dataclass(frozen=True)
class QuarterReadiness:
    """What publishing a quarter would do: the approved returns it publishes, and those still outstanding."""

    period: ReportingPeriod
    approved: list[QuarterlyReturn]
    outstanding: list[tuple[Forum, QuarterlyReturn | None]]  # each lead forum whose return is not approved


def quarter_readiness(period: ReportingPeriod) -> QuarterReadiness:
    """Two queries: the forums that write returns, and the quarter's returns."""
    forums = list(Forum.objects.theme_leads().order_by("name"))
    returns = {r.forum_id: r for r in QuarterlyReturn.objects.filter(period=period).select_related("forum")}
    approved = [r for r in returns.values() if r.status == QuarterlyReturn.Status.APPROVED]
    outstanding = [
        (forum, returns.get(forum.pk))
        for forum in forums
        if forum.pk not in returns or returns[forum.pk].status != QuarterlyReturn.Status.APPROVED
    ]
    return QuarterReadiness(
        period=period, approved=sorted(approved, key=lambda r: r.forum.name), outstanding=outstanding
    )


@transaction.atomic
def period_publish(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Publish a quarter: residents see its approved figures, and the public pages move to it.

    Every approved return of the quarter has its values written as measurements and its
    progress published, and the judged figures of the indicators concerned are refreshed,
    in this transaction. Returns still outstanding are published as each is approved
    (``return_approve``). Recorded with who and when, in the quarter's history.
    """
    if not permissions.can_publish_period(by):
        raise PermissionDenied("Only the LSP Support Group publishes a quarter.")
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if current.is_published:
        when = timezone.localtime(current.published_at)
        raise ValidationError(f"{current.label} was already published, on {when:%d %b %Y}.")
    if current.status == ReportingPeriod.Status.UPCOMING:
        raise ValidationError(f"{current.label} has not been opened for returns yet: there is nothing to publish.")
    now = timezone.now()
    approved = list(
        QuarterlyReturn.objects.filter(period=current, status=QuarterlyReturn.Status.APPROVED).select_related(
            "period", "forum"
        )
    )
    current.published_at = now
    current.published_by = by
    current._history_user = by
    current._change_reason = "Published"
    current.save(update_fields=["published_at", "published_by"])
    _publish_returns(approved, at=now)
    bump_content_version_on_commit()
    return current


@transaction.atomic
def period_open_backfill(*, period: ReportingPeriod, by, reason: str, today=None) -> ReportingPeriod:
    """Open a past quarter for back-fill: its returns can be written, and are never counted late.

    For a quarter whose deadline has passed (a partnership entering its history, a forum's
    missing quarter). The reason and who opened it are recorded, in the quarter's history too.
    """
    if not permissions.can_open_backfill(by):
        raise PermissionDenied("Only the LSP Support Group opens a past quarter for back-fill.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this quarter is being back-filled"})
    today = today or timezone.localdate()
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if current.return_deadline >= today:
        raise ValidationError(
            {"period": f"{current.label} is not past its deadline: its returns are not late, so there is no back-fill."}
        )
    current.status = ReportingPeriod.Status.OPEN
    current.backfill_opened_at = timezone.now()
    current.backfill_opened_by = by
    current.backfill_reason = reason.strip()
    current._history_user = by
    current._change_reason = "Opened for back-fill"
    current.save(update_fields=["status", "backfill_opened_at", "backfill_opened_by", "backfill_reason"])
    return current
