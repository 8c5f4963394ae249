"""``python manage.py build_annual_report YEAR [--sync]``: ask for a year's annual report from the shell.

Without ``--sync`` it does what the support group's button does: queue a build (or join
one already queued) for a Celery worker on the ``pdf`` queue, or with no broker for the
report worker (``run_report_worker``). With ``--sync`` it builds here and now and says
where the file is.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.models import financial_year_label
from partnership.models import CommunityPlan
from reports import services
from reports.exceptions import ReportDataError


class Command(BaseCommand):
    help = "Build the annual community report for a financial year (2014 for 2014/15) of the current plan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="The financial year the report covers: 2014 for 2014/15.")
        parser.add_argument("--sync", action="store_true", help="Build in this process instead of queueing it.")
        parser.add_argument("--plan", help="The plan's slug (default: the current plan).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="With --sync: render even if the figures have not changed (after a change to the layout).",
        )

    def handle(self, *args, year: int, sync: bool, plan: str | None, force: bool, **options) -> None:
        community_plan = CommunityPlan.objects.filter(slug=plan).first() if plan else CommunityPlan.objects.current()
        if community_plan is None:
            raise CommandError(f"No plan {plan!r}." if plan else "There is no community plan yet.")
        label = financial_year_label(year)
        try:
            request = services.annual_report_request(plan=community_plan, year=year, enqueue=not sync)
        except ReportDataError as exc:
            raise CommandError(str(exc)) from exc
        report = request.report
        if not sync:
            if request.coalesced:
                self.stdout.write(
                    f"The {label} report is already {report.get_status_display().lower()}: nothing added."
                )
            elif request.broker_unavailable:
                self.stdout.write(self.style.WARNING(services.BROKER_DOWN_MESSAGE))
            else:
                report.refresh_from_db()
                self.stdout.write(f"The {label} report is {report.get_status_display().lower()}.")
            return
        if request.coalesced and report.status == report.Status.BUILDING:
            self.stdout.write(f"The {label} report is being built by a worker ({report.get_stage_display().lower()}).")
            return
        if request.coalesced:
            self.stdout.write(f"A build of {label} was queued; building it here.")
        outcome = services.annual_report_build(report_id=report.pk, force=force)
        report = outcome.report
        if report is None or outcome.failed or report.status == report.Status.FAILED:
            raise CommandError(f"The {label} report failed: {report.error_message if report else 'row missing'}")
        if not outcome.built:
            self.stdout.write(f"Nothing to do: the {label} report is {report.get_status_display().lower()}.")
            return
        what = "unchanged since the last build; file kept" if outcome.skipped_render else "built"
        # Its name in the report_builds storage: a folder on this machine or a bucket's prefix.
        where = report.file.name
        self.stdout.write(
            self.style.SUCCESS(
                f"{report} {what}: {where} ({report.size:,} bytes, {report.page_count} pages), "
                f"status {report.get_status_display().lower()}."
            )
        )
