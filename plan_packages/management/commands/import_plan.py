"""``manage.py import_plan PATH [--partnership SLUG [--name NAME]] [--dry-run]``: import a plan package.

The package is a folder of CSV files or an .xlsx. The plan joins the partnership ``SLUG``,
which is made (named ``NAME``, or after the plan's area) if the portal has none of that
slug; without ``--partnership``, the portal's only partnership, or in an empty portal a
new one named after the plan's area.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from partnership.models import Partnership, validate_partnership_slug
from plan_packages.files import read_package
from plan_packages.services import PlanPackageInvalid, plan_package_import


class Command(BaseCommand):
    help = "Import a plan package: a folder of CSV files or one .xlsx workbook (plan_packages/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything and show what would be imported; write nothing."
        )
        parser.add_argument("--partnership", metavar="SLUG", help="The partnership the plan is for (made if new).")
        parser.add_argument("--name", help="A new partnership's name. Blank: “<area> Local Strategic Partnership”.")

    def handle(self, *args, path: Path, dry_run: bool, partnership: str | None, name: str | None, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such folder or file")
        sheets = read_package(path)
        try:
            with transaction.atomic():
                owner = _partnership(partnership, name, sheets) if partnership else None
                result = plan_package_import(sheets=sheets, dry_run=dry_run, partnership=owner)
                if dry_run:
                    transaction.set_rollback(True)
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


def _partnership(slug: str, name: str | None, sheets) -> Partnership:
    found = Partnership.objects.filter(slug=slug).first()
    if found is not None:
        return found
    if slug != slugify(slug):
        raise CommandError(f"--partnership {slug!r}: use lower-case letters, digits and hyphens.")
    from django.core.exceptions import ValidationError

    try:
        validate_partnership_slug(slug)
    except ValidationError as error:
        raise CommandError(f"--partnership {slug!r}: {error.messages[0]}") from None
    plan = sheets.get("plan")
    place = ""
    if plan is not None and plan.rows:
        place = plan.rows[0][1].get("area", "").strip()
    place = place or slug.replace("-", " ").title()
    return Partnership.objects.create(slug=slug, name=name or f"{place} Local Strategic Partnership", place=place)
