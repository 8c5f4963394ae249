"""Residents' comments, consultations, suggestions and requests name an area: columns renamed, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0005_partnership_required"),
        ("partnership", "0004_rename_ward_to_area"),
    ]

    operations = [
        migrations.RenameField(model_name="comment", old_name="ward", new_name="area"),
        migrations.RenameField(model_name="consultation", old_name="wards", new_name="areas"),
        migrations.RenameField(model_name="suggestion", old_name="ward", new_name="area"),
        migrations.RenameField(model_name="consultationresponse", old_name="ward", new_name="area"),
        migrations.RenameField(model_name="workshoprequest", old_name="ward", new_name="area"),
    ]
