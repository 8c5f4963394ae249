"""``python manage.py load_demo_northvale``: the demo's second partnership (demo/northvale.py)."""

from django.core.management.base import BaseCommand

from demo.northvale import load_northvale


class Command(BaseCommand):
    help = (
        "Add Northvale, an invented second partnership that reports by policing area with % change "
        "indicators, from its plan package (demo/data/northvale/). Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        load_northvale(stdout=self.stdout)
