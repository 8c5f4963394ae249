"""``python manage.py bench_annual_report``: how long the annual report takes, and how much memory.

Builds the current plan's report synchronously, rendering even if nothing changed, and
prints the time of each stage — gathering data, drawing charts, our templates,
WeasyPrint's layout, WeasyPrint drawing and writing the PDF, saving — as wall-clock time
and as this process's CPU time (on a machine shared with other work the wall clock
overstates what the build costs), and the peak memory of the process.
Run it after ``generate_synthetic --scale 1`` (9 themes, 150 indicators with charts), under
``DJANGO_SETTINGS_MODULE=bench.settings``: a bench-only command, it exists only where the
``bench`` app is installed (``make bench`` runs it so).

Targets: the whole build under 30 s; peak memory under 1 GB; our share (everything but
WeasyPrint) under a third of the total.
"""

import resource

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.models import Indicator, ReportingPeriod
from partnership.models import CommunityPlan
from reports import services
from reports.exceptions import ReportDataError
from reports.rendering import Stopwatch

TARGET_SECONDS = 30
TARGET_MEMORY_MB = 1024
STAGES = [
    ("data", "Gathering data"),
    ("charts", "Drawing charts (SVG)"),
    ("templates", "Templates (PDF and HTML)"),
    ("layout", "WeasyPrint layout"),
    ("pdf", "WeasyPrint drawing the PDF"),
    ("save", "Saving files"),
]
WEASYPRINT = {"layout", "pdf"}


class Command(BaseCommand):
    help = "Benchmark the annual report build on the current plan (run after generate_synthetic --scale 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Default: the plan's latest year with a closed quarter.")
        parser.add_argument("--plan", help="The plan's slug (default: the current plan).")

    def handle(self, *args, year: int | None, plan: str | None, **options) -> None:
        community_plan = CommunityPlan.objects.filter(slug=plan).first() if plan else CommunityPlan.objects.current()
        if community_plan is None:
            raise CommandError("There is no community plan: run generate_synthetic --scale 1 first.")
        year = year or self._latest_year(community_plan)
        try:
            request = services.annual_report_request(plan=community_plan, year=year, enqueue=False)
        except ReportDataError as exc:
            raise CommandError(str(exc)) from exc
        stopwatch = Stopwatch()
        outcome = services.annual_report_build(report_id=request.report.pk, force=True)
        total = stopwatch.lap()
        report = outcome.report
        if outcome.failed or report is None or not outcome.built:
            raise CommandError(f"The build failed: {report.error_message if report else 'no report'}")
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB

        indicators = Indicator.objects.public().filter(theme__plan=report.plan).count()
        write = self.stdout.write
        write(f"{report}: {report.page_count} pages, {report.size:,} bytes, {outcome.pdf_variant}")
        write(f"{report.plan.themes.count()} themes, {indicators} public indicators, each with a chart\n")
        write(f"  {'stage':<30} {'wall s':>8} {'share':>7} {'CPU s':>8} {'share':>7}")
        timings = outcome.timings
        other_wall = total.wall - sum(t.wall for t in timings.values())
        other_cpu = total.cpu - sum(t.cpu for t in timings.values())
        for key, label in STAGES:
            t = timings[key]
            write(f"  {label:<30} {t.wall:8.2f} {t.wall / total.wall:7.1%} {t.cpu:8.2f} {t.cpu / total.cpu:7.1%}")
        write(f"  {'Status updates, other':<30} {other_wall:8.2f} {other_wall / total.wall:7.1%} {other_cpu:8.2f}")
        write(f"  {'Total':<30} {total.wall:8.2f} {'':>7} {total.cpu:8.2f}")
        ours_wall = total.wall - sum(timings[k].wall for k in WEASYPRINT)
        ours_cpu = total.cpu - sum(timings[k].cpu for k in WEASYPRINT)
        write(
            f"  {'Our share (all but WeasyPrint)':<30} {ours_wall:8.2f} {ours_wall / total.wall:7.1%} "
            f"{ours_cpu:8.2f} {ours_cpu / total.cpu:7.1%}"
        )
        write(f"  Peak memory (ru_maxrss): {peak_mb:.0f} MB\n")
        for ok, words in [
            (total.wall < TARGET_SECONDS, f"whole build under {TARGET_SECONDS} s (wall clock: {total.wall:.1f} s)"),
            (peak_mb < TARGET_MEMORY_MB, f"peak memory under {TARGET_MEMORY_MB} MB ({peak_mb:.0f} MB)"),
            (ours_wall < total.wall / 3, f"our share under a third ({ours_wall / total.wall:.0%})"),
        ]:
            write((self.style.SUCCESS if ok else self.style.ERROR)(f"  {'PASS' if ok else 'FAIL'}: {words}"))

    @staticmethod
    def _latest_year(plan: CommunityPlan) -> int:
        latest = (
            ReportingPeriod.objects.filter(
                status=ReportingPeriod.Status.CLOSED,
                financial_year__gte=plan.start_year,
                financial_year__lte=plan.end_year,
            )
            .order_by("-financial_year")
            .values_list("financial_year", flat=True)
            .first()
        )
        if latest is None:
            raise CommandError("The plan has no closed quarter to report on.")
        return latest
