"""Northvale: the demo's second partnership, invented, and unlike Dacorum on purpose.

It reports crime and anti-social behaviour only as the % change on last year, by policing
area, against "reduce by 2%" targets; pairs a fund's spend with its budget; and has three
themes and six policing areas in one district. It is a plan package (``demo/data/northvale/``,
a CSV per sheet, as ``export_plan`` writes them) loaded through the same import a new
partnership would use, so the package path is exercised by every ``make run``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.db import transaction

from partnership.models import Partnership
from plan_packages.files import read_package
from plan_packages.services import plan_package_import

PACKAGE = Path(__file__).resolve().parent / "data" / "northvale"
SLUG = "northvale"


def load_northvale(*, stdout: TextIO | None = None) -> bool:
    """Make the Northvale partnership from its package; ``False`` if it is already there."""
    if Partnership.objects.filter(slug=SLUG).exists():
        if stdout is not None:
            stdout.write("Northvale is already loaded: nothing changed.\n")
        return False
    with transaction.atomic():
        partnership = Partnership.objects.create(
            name="Northvale Community Safety and Wellbeing Partnership",
            slug=SLUG,
            place="Northvale",
            description="An invented partnership that reports by policing area and publishes crime as % changes.",
        )
        result = plan_package_import(sheets=read_package(PACKAGE), partnership=partnership)
    if stdout is not None:
        counts = ", ".join(f"{count} {sheet}" for sheet, count in result.counts.items() if count)
        stdout.write(f"Loaded Northvale at /{SLUG}/: {counts}\n")
    return True
