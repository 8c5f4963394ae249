"""``manage.py export_plan SLUG PATH``: write a plan as a package (``.xlsx`` by extension, else a folder).

``export_plan --blank PATH`` writes an empty package: every sheet with its column names only.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnership.models import CommunityPlan
from plan_packages.files import is_workbook, write_folder, write_workbook
from plan_packages.format import SHEETS
from plan_packages.services import plan_package_export


class Command(BaseCommand):
    help = "Export a plan as a plan package: PATH ending .xlsx writes a workbook, otherwise a folder of CSV files."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="The plan's slug (not with --blank).")
        parser.add_argument("path", type=Path)
        parser.add_argument("--blank", action="store_true", help="An empty package: the column names only.")

    def handle(self, *args, slug: str | None, path: Path, blank: bool, **options):
        if blank == bool(slug):
            raise CommandError("Give a plan's slug, or --blank for an empty package (not both).")
        if blank:
            tables = {sheet.name: [] for sheet in SHEETS}
        else:
            plan = CommunityPlan.objects.filter(slug=slug).first()
            if plan is None:
                known = ", ".join(CommunityPlan.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No plan {slug!r}; the plans are: {known}")
            tables = plan_package_export(plan=plan)
        if is_workbook(path):
            write_workbook(path, tables)
        else:
            write_folder(path, tables)
        counts = ", ".join(f"{len(rows)} {name}" for name, rows in tables.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}: {counts}"))
