"""``python manage.py generate_synthetic --scale N``: the benchmark dataset (see ``demo.synthetic``)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from demo import synthetic
from indicators.models import IndicatorStatus, Measurement
from partnership import scope
from partnership.cache import bump_content_version
from partnership.models import Partnership

SYNTHETIC_SLUG = "synthetic"


class Command(BaseCommand):
    help = (
        "Build the synthetic benchmark dataset: one plan with 9 themes, 150 indicators, 12 years of quarters "
        "and 25 × SCALE wards (about 170,000 measurements at scale 1). For benchmark and development databases only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiplies the wards, and so the measurements: 25 × SCALE wards, at least one (default 1).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed for the random values (default 0).")
        parser.add_argument(
            "--replace", action="store_true", help="Delete a previous synthetic dataset first (periods stay)."
        )
        parser.add_argument(
            "--password",
            default=None,
            help="One password for every synthetic user, for load tests that log in. Default: unusable passwords.",
        )
        parser.add_argument(
            "--partnership",
            metavar="SLUG",
            default=None,
            help=f"The partnership the dataset is for. Default: the portal's only one, or “{SYNTHETIC_SLUG}” "
            "(made if new) when there are none or several.",
        )

    def handle(self, *args, scale: float, seed: int, replace: bool, password: str | None, **options) -> None:
        try:
            synthetic.ward_count(scale)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        partnership = _partnership(options["partnership"])
        with scope.using(partnership):
            try:  # caught inside the scope's block, which a caller's transaction may hold
                synthetic.generate(scale=scale, seed=seed, replace=replace, password=password, stdout=self.stdout)
            except synthetic.SyntheticDataExists as exc:
                exists = exc
            else:
                exists = None
                bump_content_version()  # bulk inserts send no signals: cached public pages are stale
        if exists is not None:
            raise CommandError(str(exists)) from exists
        if connection.vendor == "postgresql":
            # Planner statistics now rather than when autovacuum gets round to it: until
            # then PostgreSQL guesses 1 row where there are thousands (137 ms, not 2 ms,
            # for the public pages' "latest period with data").
            with connection.cursor() as cursor:
                # CLUSTER refuses a table with deferred foreign-key checks still pending
                # (inside a caller's transaction): run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for model in (Measurement, IndicatorStatus):
                    # Rows in the order a live portal writes them, a quarter at a time: the
                    # generator writes indicator by indicator, which scatters one quarter's
                    # rows over the whole table (the ward page's count of 33,900 rows read
                    # 33,596 heap pages at scale 10: 425 ms; clustered, 6 ms).
                    by_period = next(i.name for i in model._meta.indexes if i.fields[0] == "period")
                    cursor.execute(
                        f"CLUSTER {connection.ops.quote_name(model._meta.db_table)}"
                        f" USING {connection.ops.quote_name(by_period)}"
                    )
                cursor.execute("ANALYZE")


def _partnership(slug: str | None) -> Partnership:
    """The partnership named, else the only one, else the synthetic one (made if new)."""
    if slug is None:
        only = list(Partnership.objects.all()[:2])
        if len(only) == 1:
            return only[0]
        slug = SYNTHETIC_SLUG
    found = Partnership.objects.filter(slug=slug).first()
    if found is not None:
        return found
    if slug != SYNTHETIC_SLUG:
        raise CommandError(f"--partnership {slug!r}: no such partnership (import its plan first, or leave it out).")
    return Partnership.objects.create(slug=slug, name="Synthetic Borough Partnership", place="Synthetic Borough")
