"""Wards become areas of any kind: the tables and columns are renamed, every row and id kept.

It runs after the other apps' migrations that name ``partnership.Ward``, so that their
history still reads as it was written.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0001_initial"),
        ("themes", "0001_initial"),
        ("indicators", "0005_move_returns_to_returns_app"),
        ("returns", "0001_initial"),
        ("consultation", "0003_suggestion_moderation"),
    ]

    operations = [
        migrations.RenameModel(old_name="WardPlan", new_name="AreaPlan"),
        migrations.RenameModel(old_name="Ward", new_name="Area"),
        migrations.RemoveConstraint(model_name="areaplan", name="ward_plan_unique_per_year"),
        migrations.RenameField(model_name="areaplan", old_name="ward", new_name="area"),
    ]
