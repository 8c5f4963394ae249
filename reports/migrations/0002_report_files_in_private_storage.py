"""Report files move to the private ``report_builds`` storage; published ones stay public too.

Reports built before this change have their files in the default (public) storage, at the
names the rows hold. Each is copied to ``report_builds`` under the same name, so that the
portal still sends it; an unpublished report's copy in the public storage is deleted, and
a published report's stays where the web server serves it (its stable public name).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations

import reports.models


def move_built_files_to_private_storage(apps, schema_editor):
    AnnualReport = apps.get_model("reports", "AnnualReport")
    private, public = storages["report_builds"], storages["published_reports"]
    for report in AnnualReport.objects.exclude(file=""):
        for name in (report.file.name, report.html_file.name):
            if not name or private.exists(name) or not public.exists(name):
                continue
            with public.open(name, "rb") as handle:
                private.save(name, ContentFile(handle.read()))
            if report.published_at is None:
                public.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annualreport",
            name="file",
            field=reports.models.NamedStorageFileField(
                blank=True, max_length=200, storage_alias="report_builds", upload_to="reports/"
            ),
        ),
        migrations.AlterField(
            model_name="annualreport",
            name="html_file",
            field=reports.models.NamedStorageFileField(
                blank=True,
                help_text="The HTML version, built with the PDF.",
                max_length=200,
                storage_alias="report_builds",
                upload_to="reports/",
            ),
        ),
        migrations.RunPython(move_built_files_to_private_storage, migrations.RunPython.noop),
    ]
