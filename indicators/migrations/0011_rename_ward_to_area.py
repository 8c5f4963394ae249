"""Published values and judged figures are per area: the ``ward`` columns are renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_historical_period_partnership"),
        ("partnership", "0004_rename_ward_to_area"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="measurement", name="measurement_unique_per_ward"),
        migrations.RemoveConstraint(model_name="measurement", name="measurement_unique_borough"),
        migrations.RemoveConstraint(model_name="indicatorstatus", name="indicator_status_unique_per_ward"),
        migrations.RemoveConstraint(model_name="indicatorstatus", name="indicator_status_unique_borough"),
        migrations.RenameField(model_name="measurement", old_name="ward", new_name="area"),
        migrations.RenameField(model_name="indicatorstatus", old_name="ward", new_name="area"),
    ]
