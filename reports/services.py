"""Writes for the annual report: ask for a build, build, publish, requeue stale builds, the chair's words.

How a build is kept reliable:

* **One row per plan and year.** Asking again for a year whose build is queued or
  building returns that build (the row is locked with ``select_for_update``): two
  requests coalesce into one build. Asking for a finished year starts a rebuild of the
  same row, which replaces the file: never a second report.
* **Built in the background, in every set-up.** Asking never builds: it records the
  request and answers at once. With a Celery broker the task is sent from
  ``transaction.on_commit``, so a rolled-back request sends nothing; if the broker is
  down the row stays queued with the reason (``enqueue_error``) and
  ``requeue_stale_builds`` (beat) sends it when the broker is back. Without a broker
  (the embedded default) the row itself is the queue: the report worker
  (``manage.py run_report_worker``, which ``make run`` starts) takes the oldest waiting
  build with ``annual_report_build_next``. Nothing is lost and the person asking sees a
  clear message, not an error page.
* **Idempotent.** The content is hashed; a rebuild whose hash matches the current file's
  keeps the file and skips rendering. A second copy of a message finds the report
  finished, or being built by another worker, and does nothing; a message *redelivered*
  because its worker died (``acks_late``, ``reject_on_worker_lost``) takes the build over.
* **Never a half-written file.** Each build saves its PDF and HTML version under new
  names (a random suffix) in the private ``report_builds`` storage; the row points at
  them only once both are complete, and the previous build's files are deleted after.
  A published report being rebuilt keeps serving its previous file until then.
* **Unpublished files are never public.** Builds are kept in ``report_builds``, which
  nothing serves: the portal's views send them after their permission check.
  Publishing copies the PDF and HTML version to ``published_reports`` under stable names
  (``reports/<plan>-annual-report-<year>.pdf``) for a web server to serve; a rebuild of a
  published report refreshes that copy. Only Django's storage API is used, so either
  storage can be an object store.
* **A lease, kept alive by a heartbeat.** A running build records ``heartbeat_at`` every
  third of ``REPORT_BUILD_LEASE_SECONDS``, from a thread (one WeasyPrint layout can
  outlast the lease). A build silent for a whole lease has lost its worker: it is taken
  over by the next request for that year, by a worker that starts (``worker_ready``:
  ``resume_interrupted_builds`` sends each build in progress again, to be looked at when
  its lease runs out), or by the beat task; a build whose worker is alive keeps its lease
  and is never started twice. After ``MAX_ATTEMPTS`` starts it is marked failed. A build
  that was taken over anyway (a worker stalled past its lease) finds at the end that the
  row is no longer its own and throws its files away.
* **Queued but lost.** A build queued longer than ``REPORT_STALE_MINUTES`` (the broker was
  down, or the message was lost) is sent again by the next request or by beat.
* **Bad data is not retried.** ``ReportDataError`` marks the report failed with a message
  saying what to fix. Database and storage errors (the disk or the object store) are retried by the task
  (``autoretry_for``); the last attempt marks the report failed.

The build itself is a series of short transactions rather than one ``atomic`` block:
the status page must see each stage as it happens, and no transaction should stay open
across half a minute of rendering.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import secrets
import threading
from dataclasses import dataclass, field
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError

from partnership.files import STORAGE_ERRORS
from partnership.models import CommunityPlan, User

from .exceptions import ReportDataError, ReportStateError
from .figures import draw_charts
from .models import BUILDS_STORAGE, PUBLISHED_STORAGE, AnnualReport, ReportIntroduction
from .rendering import Stopwatch, Timing, render_pdf, render_report_html
from .selectors import annual_report_content, content_hash

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # builds started for one request before giving up on it
WAITING_LONG = datetime.timedelta(minutes=2)  # queued this long, the status page wonders whether a worker runs
REPORTS_FOLDER = "reports"

BROKER_DOWN_MESSAGE = (
    "The report service is not available just now; your request is saved and will be built when it is back."
)


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B}"


def stale_after() -> datetime.timedelta:
    """How long a queued build may wait to be started before it is sent again."""
    return datetime.timedelta(minutes=settings.REPORT_STALE_MINUTES)


def build_lease() -> datetime.timedelta:
    """How long a build may go without a heartbeat before it counts as lost."""
    return datetime.timedelta(seconds=settings.REPORT_BUILD_LEASE_SECONDS)


def lease_expires_at(report: AnnualReport) -> datetime.datetime | None:
    """When a building report's lease runs out, unless its worker records a heartbeat first."""
    last = report.heartbeat_at or report.started_at
    return last + build_lease() if last is not None else None


def is_stale(report: AnnualReport, now: datetime.datetime | None = None) -> bool:
    """A build that will not finish by itself: its lease run out, or queued but never (or long ago) sent."""
    now = now or timezone.now()
    if report.status == AnnualReport.Status.BUILDING:
        expires = lease_expires_at(report)
        return expires is None or expires < now
    if report.status == AnnualReport.Status.QUEUED:
        sent = report.enqueued_at or report.requested_at
        return bool(report.enqueue_error) or sent < now - stale_after()
    return False


def is_waiting_long(report: AnnualReport, now: datetime.datetime | None = None) -> bool:
    """Queued for longer than a worker takes to start a build: say so, in case no worker is running."""
    now = now or timezone.now()
    return report.status == AnnualReport.Status.QUEUED and report.requested_at < now - WAITING_LONG


# --- Asking for a build -------------------------------------------------------------------------


@dataclass
class BuildRequest:
    report: AnnualReport
    coalesced: bool  # a build already queued or building was returned
    enqueued: bool | None = None  # None until the transaction commits, or when not asked to enqueue

    @property
    def broker_unavailable(self) -> bool:
        return self.enqueued is False


def _locked_report(plan: CommunityPlan, year: int, defaults: dict) -> tuple[AnnualReport, bool]:
    """The (plan, year) row, locked for this transaction; created if missing."""
    report = AnnualReport.objects.select_for_update().filter(plan=plan, year=year).first()
    if report is not None:
        return report, False
    report = AnnualReport(plan=plan, year=year, **defaults)
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Someone else created it between our read and our insert: use theirs.
        return AnnualReport.objects.select_for_update().get(plan=plan, year=year), False
    return report, True


@transaction.atomic
def annual_report_request(
    *, plan: CommunityPlan, year: int, requested_by: User | None = None, enqueue: bool = True
) -> BuildRequest:
    """Ask for ``year``'s report to be built (or rebuilt). Coalesces with a build already under way."""
    if not plan.start_year <= year <= plan.end_year:
        raise ReportDataError(f"{plan.title} has no year {year}: it runs from {plan.period_label}.")
    now = timezone.now()
    report, created = _locked_report(
        plan, year, {"status": AnnualReport.Status.QUEUED, "requested_at": now, "requested_by": requested_by}
    )
    if not created and report.is_in_progress and not is_stale(report, now):
        return BuildRequest(report, coalesced=True)
    if not created:
        if report.is_in_progress:
            # Stale: queued but never sent, or building on a worker that has gone.
            note = (
                f"The build started at {_when(report.started_at)} did not finish; it was queued again."
                if report.status == AnnualReport.Status.BUILDING and report.started_at
                else ""
            )
        else:
            note = ""
        report.status = AnnualReport.Status.QUEUED
        report.stage = ""
        report.requested_by = requested_by
        report.requested_at = now
        report.started_at = None
        report.error_message = note
        report.enqueue_error = ""
        report.attempts = 0
        report.full_clean(validate_unique=False, validate_constraints=False)
        report.save()
    request = BuildRequest(report, coalesced=False)
    if enqueue:
        transaction.on_commit(partial(_enqueue_for, request))
    return request


def _enqueue_for(request: BuildRequest) -> None:
    request.enqueued = enqueue_build(request.report.pk)
    request.report.refresh_from_db()


def builds_wait_in_the_table() -> bool:
    """True with no Celery broker (the embedded default): the report worker takes builds from the table.

    Celery then runs every task in-process (``task_always_eager``), which for a build would
    hold the request that asked for it for the whole render; so builds are never sent to
    Celery in that set-up, and ``run_report_worker`` builds them in a process of its own.
    """
    from .tasks import build_annual_report

    return bool(build_annual_report.app.conf.task_always_eager)


def enqueue_build(report_id: int, *, countdown: float = 0) -> bool:
    """Hand a build to its worker. False when the broker cannot be reached: the row keeps the reason.

    Call it after the row is committed (``transaction.on_commit``). With no broker
    configured the queued row is already all the report worker needs: only the time is
    recorded. ``countdown``: seconds before a Celery worker looks at it (a build in
    progress whose lease has not run out yet); the report worker looks at the lease itself.
    """
    from .tasks import PDF_QUEUE, build_annual_report

    if builds_wait_in_the_table():
        AnnualReport.objects.filter(pk=report_id).update(enqueued_at=timezone.now(), enqueue_error="")
        return True
    options = {"countdown": countdown} if countdown > 0 else {}
    try:
        build_annual_report.apply_async(args=[report_id], queue=PDF_QUEUE, **options)
    except Exception as exc:
        if not isinstance(exc, KombuError | OSError):
            raise
        logger.warning("Annual report %s: could not reach the Celery broker (%s); left queued.", report_id, exc)
        AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED).update(
            enqueue_error=f"{BROKER_DOWN_MESSAGE} ({exc.__class__.__name__}: {exc})"[:2000]
        )
        return False
    AnnualReport.objects.filter(pk=report_id).update(enqueued_at=timezone.now(), enqueue_error="")
    return True


# --- Building -----------------------------------------------------------------------------------


@dataclass
class BuildOutcome:
    report: AnnualReport | None
    built: bool = False  # False: nothing to do (a duplicate delivery, or the row is gone)
    skipped_render: bool = False  # True: same content as the current file, which was kept
    failed: bool = False
    timings: dict[str, Timing] = field(default_factory=dict)  # by stage
    page_count: int | None = None
    pdf_variant: str = ""


def _this_build(report: AnnualReport):
    """The report's row while it is still this build's: building, since the moment this build claimed it."""
    return AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.BUILDING, started_at=report.started_at)


def _set_stage(report: AnnualReport, stage: str) -> None:
    report.stage = stage
    _this_build(report).update(stage=stage)


class _Heartbeat:
    """Records that a build is alive, every third of its lease, from a thread, while the build runs.

    A thread, because one WeasyPrint layout can outlast the lease. It never waits: a row
    locked by the build's own transaction is skipped this time (``SKIP LOCKED``), and a
    row another build has taken over is left alone. If the whole worker dies, so does the
    thread, and the lease runs out.
    """

    def __init__(self, report: AnnualReport) -> None:
        self._report = report
        self._interval = settings.REPORT_BUILD_LEASE_SECONDS / 3
        self._stop = threading.Event()
        # In the build's context: its transactions work for the build's partnership
        # (partnership.scope), which row-level security needs to let it see the row.
        self._thread = threading.Thread(
            target=contextvars.copy_context().run,
            args=(self._run,),
            name=f"annual-report-{report.pk}-heartbeat",
            daemon=True,
        )

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=self._interval)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self._interval):
                self._beat()
        finally:
            connection.close()  # this thread's own connection

    def _beat(self) -> None:
        try:
            with transaction.atomic():
                ids = list(_this_build(self._report).select_for_update(skip_locked=True).values_list("pk", flat=True))
                if ids:
                    AnnualReport.objects.filter(pk__in=ids).update(heartbeat_at=timezone.now())
        except DatabaseError as exc:
            logger.warning("Annual report %s: could not record the build's heartbeat (%s).", self._report.pk, exc)


def _give_up(report: AnnualReport, now: datetime.datetime) -> None:
    report.status = AnnualReport.Status.FAILED
    report.stage = ""
    report.finished_at = now
    report.error_message = (
        f"Gave up after {report.attempts} attempts: each build stopped without finishing "
        "(the worker may be running out of memory or time). Ask the site's administrators."
    )
    report.save()


@transaction.atomic
def _start_build(report_id: int, *, redelivered: bool) -> AnnualReport | None:
    """Claim a queued build. None when there is nothing to do here.

    A report already "building" is taken over only by a message the broker delivered
    again (its worker died: ``acks_late``), or once its lease has run out (its worker
    stopped recording heartbeats); otherwise another worker is on it, and a second copy
    of the message must not start a second build. A build taken over ``MAX_ATTEMPTS``
    times is marked failed instead.
    """
    report = AnnualReport.objects.select_for_update().select_related("plan").filter(pk=report_id).first()
    if report is None or not report.is_in_progress:
        return None
    now = timezone.now()
    if report.status == AnnualReport.Status.BUILDING:
        if not (redelivered or is_stale(report, now)):
            return None
        if report.attempts >= MAX_ATTEMPTS:
            _give_up(report, now)
            return None
    report.status = AnnualReport.Status.BUILDING
    report.stage = AnnualReport.Stage.GATHERING
    report.started_at = now
    report.heartbeat_at = now
    report.finished_at = None
    report.attempts += 1
    report.enqueue_error = ""
    report.save(
        update_fields=["status", "stage", "started_at", "heartbeat_at", "finished_at", "attempts", "enqueue_error"]
    )
    return report


def _mark(report_id: int, **fields) -> None:
    """Record a failure or a retry; never raise from here (the database may be what failed)."""
    try:
        AnnualReport.objects.filter(pk=report_id).update(**fields)
    except DatabaseError:
        logger.exception("Annual report %s: could not record %s.", report_id, fields)


def _fail(report_id: int, message: str) -> None:
    _mark(
        report_id,
        status=AnnualReport.Status.FAILED,
        stage="",
        error_message=message[:5000],
        finished_at=timezone.now(),
    )


def _builds() -> Storage:
    return storages[BUILDS_STORAGE]


def _published() -> Storage:
    return storages[PUBLISHED_STORAGE]


def _save_build_file(report: AnnualReport, suffix: str, data: bytes) -> str:
    """Save one of a build's files under a new name, so that no reader ever sees half of it."""
    stem = f"{REPORTS_FOLDER}/{report.plan.slug}-annual-report-{report.year}"
    return _builds().save(f"{stem}-{secrets.token_hex(8)}{suffix}", ContentFile(data))


def _delete_quietly(storage: Storage, *names: str) -> None:
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.warning("Could not delete %s; the next stale-build sweep will.", name)


def _copy_to_published(report: AnnualReport) -> None:
    """Put the report's current PDF and HTML version in the public storage, under their stable names."""
    public = _published()
    for source, target in zip((report.file.name, report.html_file.name), report.public_names, strict=True):
        with _builds().open(source, "rb") as handle:
            data = handle.read()
        public.delete(target)  # replaced, not saved beside under another name
        saved = public.save(target, ContentFile(data))
        if saved != target:  # pragma: no cover - a concurrent writer got in between
            public.delete(saved)
            raise OSError(f"Could not publish {target}: the name was taken while writing it.")


def _current_files_exist(report: AnnualReport) -> bool:
    return bool(report.file and report.html_file) and all(
        _builds().exists(f.name) for f in (report.file, report.html_file)
    )


def annual_report_build(
    *, report_id: int, final_attempt: bool = True, force: bool = False, redelivered: bool = False
) -> BuildOutcome:
    """Build a queued report: gather, draw, render, save. What the Celery task runs.

    ``final_attempt`` is False while the task may still retry a database or file-system
    error, so the report shows "queued, retrying" rather than "failed". ``force``
    renders even when the content has not changed (the benchmark). ``redelivered``: the
    broker delivered this message again after its worker was lost, so a report left
    "building" by that worker is taken over.
    """
    report = _start_build(report_id, redelivered=redelivered)
    if report is None:
        return BuildOutcome(report=AnnualReport.objects.filter(pk=report_id).first())
    try:
        with _Heartbeat(report):
            return _build(report, force=force)
    except ReportDataError as exc:
        _fail(report_id, str(exc))
        return BuildOutcome(report=AnnualReport.objects.filter(pk=report_id).first(), failed=True)
    except SoftTimeLimitExceeded:
        _fail(report_id, "The build took longer than its time limit and was stopped. Ask the site's administrators.")
        return BuildOutcome(report=AnnualReport.objects.filter(pk=report_id).first(), failed=True)
    except (DatabaseOperationalError, *STORAGE_ERRORS) as exc:
        if final_attempt:
            _fail(report_id, f"The build failed after {report.attempts} attempt(s): {exc.__class__.__name__}: {exc}")
        else:
            _mark(
                report_id,
                status=AnnualReport.Status.QUEUED,
                stage="",
                error_message=f"Attempt {report.attempts} failed ({exc.__class__.__name__}: {exc}); trying again.",
            )
        raise
    except Exception as exc:
        logger.exception("Annual report %s: unexpected error.", report_id)
        _fail(report_id, f"Unexpected error: {exc.__class__.__name__}: {exc}")
        raise


# As the Celery task: a first try and ``max_retries`` (3) more after a database or file-system error.
BUILD_TRIES = 4
INTERRUPTED_MESSAGE = "The report worker stopped during the build; it starts again as soon as the worker is back."


def waiting_builds(now: datetime.datetime | None = None):
    """The builds the report worker should take, the longest-waiting first.

    Queued ones, and ones left "building" whose lease has run out (their worker stopped).
    """
    silent_since = (now or timezone.now()) - build_lease()
    building = Q(status=AnnualReport.Status.BUILDING)
    return AnnualReport.objects.filter(
        Q(status=AnnualReport.Status.QUEUED)
        | building & Q(heartbeat_at__lt=silent_since)
        | building & Q(heartbeat_at__isnull=True) & (Q(started_at__lt=silent_since) | Q(started_at__isnull=True))
    ).order_by("requested_at", "pk")


def annual_report_build_next(*, now: datetime.datetime | None = None) -> BuildOutcome | None:
    """Build the build that has waited longest, here; None when no build waits. What the report worker runs.

    The embedded default's queue, with no broker: the rows are the queue. A build left
    "building" by a worker that stopped is taken over once its lease has run out
    (``_start_build`` decides, as it does for a Celery worker). A database or file-system
    error leaves the build queued for the next call, until its ``BUILD_TRIES``-th start
    marks it failed; the error is raised, for the worker to log and wait a little. If the
    worker itself is stopped (Ctrl-C, SIGTERM) mid-build, the build goes back to the queue
    at once, so that the next worker starts it without waiting for the lease.
    """
    waiting = waiting_builds(now).values_list("pk", "attempts").first()
    if waiting is None:
        return None
    report_id, attempts = waiting
    try:
        return annual_report_build(report_id=report_id, final_attempt=attempts + 1 >= BUILD_TRIES)
    except (KeyboardInterrupt, SystemExit):
        # Still this start's (a takeover would have counted another attempt): queue it again.
        _mark_building_as_queued(report_id, attempts=attempts + 1)
        raise


def _mark_building_as_queued(report_id: int, *, attempts: int) -> None:
    try:
        AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.BUILDING, attempts=attempts).update(
            status=AnnualReport.Status.QUEUED, stage="", error_message=INTERRUPTED_MESSAGE
        )
    except DatabaseError:
        logger.exception("Annual report %s: could not queue the interrupted build again.", report_id)


class _Superseded(Exception):
    """The row is no longer this build's: another build took it over."""


def _build(report: AnnualReport, *, force: bool) -> BuildOutcome:
    stopwatch = Stopwatch()
    content = annual_report_content(report.plan, report.year)
    digest = content_hash(content)
    data = stopwatch.lap()
    final_status = AnnualReport.Status.PUBLISHED if report.published_at else AnnualReport.Status.READY

    if not force and digest == report.content_hash and _current_files_exist(report):
        _this_build(report).update(
            status=final_status,
            stage="",
            finished_at=timezone.now(),
            data_seconds=data.wall,
            charts_seconds=0.0,
            render_seconds=0.0,
            error_message="",
        )
        report.refresh_from_db()
        return BuildOutcome(report=report, built=True, skipped_render=True, timings={"data": data})

    _set_stage(report, AnnualReport.Stage.CHARTS)
    stopwatch.lap()
    report_charts = draw_charts(content)
    charts = stopwatch.lap()

    _set_stage(report, AnnualReport.Stage.RENDERING)
    stopwatch.lap()
    rendered = render_pdf(content, report_charts)
    stopwatch.lap()
    html = render_report_html(content, report_charts, pdf=False)
    html_templates = stopwatch.lap()

    _set_stage(report, AnnualReport.Stage.SAVING)
    pdf_name = _save_build_file(report, ".pdf", rendered.data)
    html_name = _save_build_file(report, ".html", html.encode())
    render_seconds = rendered.templates.wall + rendered.layout.wall + rendered.write.wall + html_templates.wall
    try:
        with transaction.atomic():
            locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
            if locked.status != AnnualReport.Status.BUILDING or locked.started_at != report.started_at:
                raise _Superseded
            previous = (locked.file.name, locked.html_file.name)
            locked.file.name = pdf_name
            locked.html_file.name = html_name
            locked.size = len(rendered.data)
            locked.page_count = rendered.page_count
            locked.content_hash = digest
            locked.status = AnnualReport.Status.PUBLISHED if locked.published_at else AnnualReport.Status.READY
            locked.stage = ""
            locked.finished_at = timezone.now()
            locked.data_seconds = data.wall
            locked.charts_seconds = charts.wall
            locked.render_seconds = render_seconds
            locked.error_message = ""
            locked.save()
            if locked.published_at:  # a published report rebuilt: its public copy follows
                _copy_to_published(locked)
    except _Superseded:
        # This worker stalled past its lease and another took the build over: its result stands.
        logger.warning("Annual report %s: taken over by another build while this one ran; discarded.", report.pk)
        _delete_quietly(_builds(), pdf_name, html_name)
        return BuildOutcome(report=AnnualReport.objects.filter(pk=report.pk).first())
    except BaseException:
        _delete_quietly(_builds(), pdf_name, html_name)
        raise
    _delete_quietly(_builds(), *(name for name in previous if name not in {pdf_name, html_name}))
    save = stopwatch.lap()
    return BuildOutcome(
        report=locked,
        built=True,
        timings={
            "data": data,
            "charts": charts,
            "templates": Timing(
                rendered.templates.wall + html_templates.wall, rendered.templates.cpu + html_templates.cpu
            ),
            "layout": rendered.layout,
            "pdf": rendered.write,
            "save": save,
        },
        page_count=rendered.page_count,
        pdf_variant=rendered.variant,
    )


# --- Publishing, requeueing, the chair's introduction ------------------------------------------


@transaction.atomic
def annual_report_publish(*, report: AnnualReport, published_by: User | None) -> AnnualReport:
    """Publish a ready report: it joins the public list, its PDF and HTML version become public."""
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != AnnualReport.Status.READY:
        raise ReportStateError(
            f"Only a report that is ready can be published; the {locked.year_label} report is "
            f"{locked.get_status_display().lower()}."
        )
    locked.status = AnnualReport.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = published_by
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save()
    try:
        _copy_to_published(locked)
    except BaseException:
        _delete_quietly(_published(), *locked.public_names)  # the row is rolled back: nothing public
        raise
    return locked


def requeue_stale_builds(*, now: datetime.datetime | None = None) -> int:
    """Send again every build that will not finish by itself; what the beat task runs. Returns how many.

    * building with its lease run out (its worker died): queued again, or failed once it
      has been started ``MAX_ATTEMPTS`` times;
    * queued but never sent (the broker was down), or sent longer ago than ``REPORT_STALE_MINUTES``.
    """
    now = now or timezone.now()
    limit = now - stale_after()
    silent_since = now - build_lease()
    candidates = AnnualReport.objects.filter(
        Q(status=AnnualReport.Status.BUILDING, heartbeat_at__lt=silent_since)
        | Q(status=AnnualReport.Status.BUILDING, heartbeat_at__isnull=True)
        | Q(status=AnnualReport.Status.QUEUED)
        & (~Q(enqueue_error="") | Q(enqueued_at__lt=limit) | Q(enqueued_at__isnull=True, requested_at__lt=limit))
    ).values_list("pk", flat=True)
    sent = 0
    for report_id in list(candidates):
        with transaction.atomic():
            report = AnnualReport.objects.select_for_update().filter(pk=report_id).first()
            if report is None or not is_stale(report, now):
                continue
            if report.status == AnnualReport.Status.BUILDING:
                if report.attempts >= MAX_ATTEMPTS:
                    _give_up(report, now)
                    continue
                report.status = AnnualReport.Status.QUEUED
                report.stage = ""
                report.error_message = (
                    f"The build started at {_when(report.started_at)} stopped without finishing; it was queued again."
                    if report.started_at
                    else "The build stopped without finishing; it was queued again."
                )
                report.save()
            transaction.on_commit(partial(enqueue_build, report.pk))
            sent += 1
    _remove_abandoned_files(limit)
    return sent


def resume_interrupted_builds(*, now: datetime.datetime | None = None) -> int:
    """What a worker does when it starts: send every build in progress again. Returns how many.

    A worker killed as a whole (SIGKILL, a lost machine) leaves its build "building" and
    its message unacknowledged, which Redis hands out again only after its visibility
    timeout (an hour). So a starting worker sends each build in progress again, to be
    looked at when its lease runs out: by then a build whose worker is gone has stopped
    recording heartbeats and is taken over (``_start_build``), while one that another live
    worker is running has renewed its lease and is left alone. A queued build is sent at
    once: its message may have been held by the dead worker too. Extra copies are harmless.
    """
    now = now or timezone.now()
    sent = 0
    for report in AnnualReport.objects.filter(status__in=AnnualReport.IN_PROGRESS).order_by("pk"):
        countdown = 0.0
        if report.status == AnnualReport.Status.BUILDING:
            expires = lease_expires_at(report)
            countdown = max(0.0, (expires - now).total_seconds() + 1) if expires else 0.0
        if enqueue_build(report.pk, countdown=countdown):
            sent += 1
        logger.info(
            "Annual report %s (%s): sent again, to be looked at in %.0f s.", report.pk, report.status, countdown
        )
    return sent


def _remove_abandoned_files(older_than: datetime.datetime) -> None:
    """Files no report points at: a build killed mid-write, a rebuild's previous files, an unpublished copy.

    In the private storage, every file the rows do not name; in the public one, every file
    that is not a published report's. Only files older than ``older_than``, so that a
    build or a publication finishing just now keeps what it is writing.
    """
    reports = AnnualReport.objects.exclude(file="").select_related("plan")
    referenced = {name for report in reports for name in (report.file.name, report.html_file.name)}
    published = {name for report in reports if report.is_public for name in report.public_names}
    _delete_unreferenced(_builds(), keep=referenced, older_than=older_than)
    _delete_unreferenced(_published(), keep=published, older_than=older_than)


def _delete_unreferenced(storage: Storage, *, keep: set[str], older_than: datetime.datetime) -> None:
    try:
        _, files = storage.listdir(REPORTS_FOLDER)
    except FileNotFoundError:
        return
    for file in files:
        name = f"{REPORTS_FOLDER}/{file}"
        if name in keep:
            continue
        try:
            if storage.get_modified_time(name) < older_than:
                storage.delete(name)
        except STORAGE_ERRORS:
            logger.warning("Could not remove %s.", name)


@transaction.atomic
def report_introduction_set(*, plan: CommunityPlan, year: int, text: str, updated_by: User | None) -> None:
    """Set the chair's introduction for one year's report; blank goes back to the plan's own."""
    text = text.strip()
    if not text:
        ReportIntroduction.objects.filter(plan=plan, year=year).delete()
        return
    introduction = ReportIntroduction.objects.select_for_update().filter(plan=plan, year=year).first()
    introduction = introduction or ReportIntroduction(plan=plan, year=year)
    introduction.text = text
    introduction.updated_by = updated_by
    introduction.full_clean(validate_unique=False, validate_constraints=False)
    introduction.save()
