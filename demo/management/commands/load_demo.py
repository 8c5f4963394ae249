"""``python manage.py load_demo``: the Dacorum 2015 plan, with eleven years of illustrative figures."""

import time

from django.core.management.base import BaseCommand

from demo.loader import load_demo
from partnership.cache import bump_content_version


class Command(BaseCommand):
    help = (
        "Load the Dacorum 2015 Community Plan as demonstration data: the plan, its partners, forums, themes, "
        "indicators with targets and illustrative quarterly values, wards and ward plans, and one demo login per "
        "role. Safe to run again: it only writes what is missing or different."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        load_demo(stdout=self.stdout)
        bump_content_version()  # bulk inserts send no signals: cached public pages are stale
        self.stdout.write(self.style.SUCCESS(f"\nDone in {time.perf_counter() - started:.1f} s."))
