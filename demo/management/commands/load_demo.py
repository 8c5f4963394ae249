"""``python manage.py load_demo [--today YYYY-MM-DD]``: the Dacorum 2015 plan, with eleven years of illustrative
figures and a calendar that runs to today (``demo.loader``)."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandParser

from demo.loader import load_demo
from partnership.cache import bump_content_version


class Command(BaseCommand):
    help = (
        "Load the Dacorum 2015 Community Plan as demonstration data: the plan, its partners, forums, themes, "
        "indicators with targets and illustrative quarterly values, wards and ward plans, and one demo login per "
        "role. Safe to run again: it only writes what is missing or different."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Load the demo's calendar as of this day (YYYY-MM-DD) rather than today: its open quarter is the "
            "one holding that day.",
        )

    def handle(self, *args, today: datetime.date | None = None, **options) -> None:
        started = time.perf_counter()
        load_demo(today=today, stdout=self.stdout)
        bump_content_version()  # bulk inserts send no signals: cached public pages are stale
        self.stdout.write(self.style.SUCCESS(f"\nDone in {time.perf_counter() - started:.1f} s."))
