"""Ward priorities become area priorities: the table and its columns are renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0003_partnership_required"),
        ("partnership", "0004_rename_ward_to_area"),
    ]

    operations = [
        migrations.RenameModel(old_name="WardPriority", new_name="AreaPriority"),
        migrations.RenameField(model_name="areapriority", old_name="ward_plan", new_name="area_plan"),
    ]
