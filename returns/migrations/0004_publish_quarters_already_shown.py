"""Quarters residents could already see become published, so no public page goes blank on upgrade.

Before quarters were published by the support group, a quarter's figures were public as soon as
one of its returns was approved. Every quarter with an approved return, or with published values
(``Measurement``: the demo's and imported past figures have them), is marked published, as of the
last approval (or of the upgrade, for values without a return), by nobody in particular.
"""

from django.db import migrations
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone


def publish_quarters_already_shown(apps, schema_editor):
    ReportingPeriod = apps.get_model("indicators", "ReportingPeriod")
    Measurement = apps.get_model("indicators", "Measurement")
    QuarterlyReturn = apps.get_model("returns", "QuarterlyReturn")
    approved = QuarterlyReturn.objects.filter(period=OuterRef("pk"), status="approved")
    shown = ReportingPeriod.objects.filter(published_at__isnull=True).filter(
        Exists(approved) | Exists(Measurement.objects.filter(period=OuterRef("pk")))
    )
    last_approval = dict(
        approved.model.objects.filter(status="approved", approved_at__isnull=False)
        .values_list("period_id")
        .annotate(last=Max("approved_at"))
        .order_by()
    )
    now = timezone.now()
    for period in shown:
        period.published_at = last_approval.get(period.pk) or now
        period.save(update_fields=["published_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0003_partnership_required"),
        ("indicators", "0009_reporting_period_publication_and_backfill"),
    ]

    operations = [migrations.RunPython(publish_quarters_already_shown, migrations.RunPython.noop)]
