"""``manage.py import_plan PATH [--dry-run]``: import a plan package (a folder of CSV files or an .xlsx)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plan_packages.files import read_package
from plan_packages.services import PlanPackageInvalid, plan_package_import


class Command(BaseCommand):
    help = "Import a plan package: a folder of CSV files or one .xlsx workbook (plan_packages/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything and show what would be imported; write nothing."
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such folder or file")
        try:
            result = plan_package_import(sheets=read_package(path), dry_run=dry_run)
        except PlanPackageInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(invalid.problems)} problem(s): nothing was imported.") from None
        for sheet, count in result.counts.items():
            reused = result.reused.get(sheet)
            self.stdout.write(f"{sheet:22} {count:7}" + (f"  ({reused} already in the portal)" if reused else ""))
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(f"Plan {result.slug!r}: {verb}" + (" (dry run: nothing written)" if dry_run else ""))
        )
