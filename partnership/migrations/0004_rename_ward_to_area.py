"""Wards become areas of any kind: the tables and columns are renamed, every row and id kept.

It runs after every migration of the other apps as they were before the rename (the
partnerships, change indicators and published quarters included), all of which know
``partnership.Ward``, so that their history still reads as it was written. ``WardPlan`` is
renamed before ``Ward``, as when the rename was first written; their data is untouched.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0003_partnership_required"),
        ("themes", "0003_partnership_required"),
        ("indicators", "0010_historical_period_partnership"),
        ("returns", "0004_publish_quarters_already_shown"),
        ("consultation", "0005_partnership_required"),
        ("reports", "0005_partnership_required"),
    ]

    operations = [
        migrations.RenameModel(old_name="WardPlan", new_name="AreaPlan"),
        migrations.RenameModel(old_name="Ward", new_name="Area"),
        migrations.RemoveConstraint(model_name="areaplan", name="ward_plan_unique_per_year"),
        migrations.RenameField(model_name="areaplan", old_name="ward", new_name="area"),
    ]
