"""A return's values are per area: the ``ward`` column is renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0004_publish_quarters_already_shown"),
        ("partnership", "0004_rename_ward_to_area"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="returnvalue", name="return_value_unique_per_ward"),
        migrations.RemoveConstraint(model_name="returnvalue", name="return_value_unique_borough"),
        migrations.RenameField(model_name="returnvalue", old_name="ward", new_name="area"),
        migrations.RenameField(model_name="historicalreturnvalue", old_name="ward", new_name="area"),
    ]
