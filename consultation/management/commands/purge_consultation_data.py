"""``python manage.py purge_consultation_data``: the retention rule, run by hand (beat runs it daily)."""

from django.core.management.base import BaseCommand

from consultation.services import consultation_data_purge, retention_days


class Command(BaseCommand):
    help = (
        "Delete residents' comments the moderators rejected, and anything residents sent but never confirmed, "
        "older than CONSULTATION_RETENTION_DAYS (90 by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the retention period for this run.")

    def handle(self, *args, days=None, **options) -> None:
        if days is not None and days < 0:
            self.stderr.write("--days must not be negative.")
            return
        counts = consultation_data_purge(days=days)
        self.stdout.write(f"Older than {retention_days() if days is None else days} days:")
        for label, count in counts.items():
            self.stdout.write(f"  {count:>5} {label.replace('_', ' ')}")
        self.stdout.write(self.style.SUCCESS(f"Deleted {sum(counts.values())} in all."))
