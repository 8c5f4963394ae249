"""``python manage.py bench_dashboard``: server time of the board's pages on the database configured.

Renders each page in-process with Django's test client, signed in as a board member, and
reports the median and 95th percentile of the wall time per request, the median CPU
time of this Python process per request (Django's share, without the database's; it
varies less than wall time on a busy machine), and the queries each request ran. No
network and no browser: this is the server's own time (views, queries, templates), not
what a person waits for end to end. For load under production settings see ``make bench``.

    DATABASE_URL=postgres://… python manage.py load_demo
    DATABASE_URL=postgres://… python manage.py generate_synthetic --scale 1
    DATABASE_URL=postgres://… DJANGO_SETTINGS_MODULE=bench.settings python manage.py bench_dashboard --requests 20

A bench-only command: it exists under ``bench.settings`` only, which installs the ``bench`` app.
"""

from __future__ import annotations

import statistics
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator
from partnership.models import CommunityPlan, Membership, Role


def _percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: with 20 samples, p95 is the 19th fastest."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil
    return ordered[int(rank) - 1]


class Command(BaseCommand):
    help = "Time the board dashboard, the indicators table and an analysis page (median and p95 over N requests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=20, help="Timed requests per page (default 20).")
        parser.add_argument("--warmup", type=int, default=2, help="Untimed requests first (default 2).")
        parser.add_argument("--username", help="Who to sign in as (default: the first active board member).")
        parser.add_argument(
            "--url", action="append", dest="urls", help="A page to time (repeatable). Default: the board's pages."
        )

    def handle(self, *args, requests: int, warmup: int, username: str | None, urls: list[str] | None, **options):
        if requests < 1:
            raise CommandError("--requests must be at least 1.")
        user = self._user(username)
        client = Client()
        client.force_login(user)
        urls = urls or self._default_urls()
        plan = CommunityPlan.objects.current()
        self.stdout.write(
            f"Database: {connection.vendor} ({connection.settings_dict.get('NAME')}); plan: {plan}; "
            f"user: {user.username}; {requests} timed requests per page after {warmup} warm-up."
        )
        self.stdout.write(
            f"{'page':<60} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'Python CPU ms':>14} {'queries':>8}"
        )
        for url in urls:
            # Queries are counted on one untimed request: capturing them would slow the timed ones.
            reset_queries()  # each request starts a fresh query log; a capture must start from it too
            with CaptureQueriesContext(connection) as captured:
                self._get(client, url)
            query_count = len(captured)  # now: the log is cleared when the next request starts
            for _ in range(warmup):
                self._get(client, url)
            timings, cpu = [], []
            for _ in range(requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                self._get(client, url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            self.stdout.write(
                f"{url[:60]:<60} {statistics.median(timings):>10.1f} {_percentile(timings, 0.95):>8.1f} "
                f"{max(timings):>8.1f} {statistics.median(cpu):>14.1f} {query_count:>8}"
            )

    def _get(self, client: Client, url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}.")

    def _user(self, username: str | None):
        memberships = Membership.objects.filter(is_active=True, user__is_active=True).select_related("user")
        if username:
            membership = memberships.filter(user__username=username).first()
        else:
            membership = memberships.filter(role=Role.BOARD).order_by("user__username").first()
        if membership is None:
            raise CommandError("No such board member: load the demo (manage.py load_demo) or pass --username.")
        return membership.user

    def _default_urls(self) -> list[str]:
        plan = CommunityPlan.objects.current()
        if plan is None:
            raise CommandError("There is no community plan: load the demo or the synthetic dataset first.")
        indicator = (
            Indicator.objects.filter(theme__plan=plan, cumulative=True)
            .by_area()
            .order_by("theme__number", "order")
            .first()
        )
        urls = ["/dashboard/", "/dashboard/indicators/", "/dashboard/indicators/?rag=exception&sort=rag"]
        if indicator is not None:
            urls.append(f"/dashboard/indicators/{indicator.slug}/")
        urls.append("/dashboard/indicators/?format=xlsx")
        return urls
