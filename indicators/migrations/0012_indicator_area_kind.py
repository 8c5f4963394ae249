"""An indicator is reported by a chosen kind of area: "reported by ward" becomes ``area_kind = "ward"``."""

from django.db import migrations, models


def by_ward_to_area_kind(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(by_ward=True).update(area_kind="ward")


def area_kind_to_by_ward(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.exclude(area_kind="").update(by_ward=True)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0011_rename_ward_to_area'),
        ('partnership', '0005_area_kind_code_parent'),
        ('returns', '0005_rename_ward_to_area'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='indicatorstatus',
            options={'ordering': ['indicator', 'period__financial_year', 'period__quarter', 'area__name'], 'verbose_name_plural': 'indicator statuses'},
        ),
        migrations.AlterModelOptions(
            name='measurement',
            options={'ordering': ['indicator', 'period__financial_year', 'period__quarter', 'area__name']},
        ),
        migrations.AddField(
            model_name='indicator',
            name='area_kind',
            field=models.CharField(blank=True, choices=[('ward', 'ward'), ('parish', 'parish'), ('neighbourhood', 'neighbourhood'), ('policing_area', 'policing area'), ('locality', 'locality'), ('district', 'district'), ('other', 'area')], help_text='The kind of area it is reported by, besides the whole area. Blank: the whole area only.', max_length=20, verbose_name='reported by'),
        ),
        migrations.RunPython(by_ward_to_area_kind, area_kind_to_by_ward),
        migrations.RemoveField(
            model_name='indicator',
            name='by_ward',
        ),
        migrations.AddConstraint(
            model_name='indicatorstatus',
            constraint=models.UniqueConstraint(condition=models.Q(('area__isnull', False)), fields=('indicator', 'period', 'area'), name='indicator_status_unique_per_area'),
        ),
        migrations.AddConstraint(
            model_name='indicatorstatus',
            constraint=models.UniqueConstraint(condition=models.Q(('area__isnull', True)), fields=('indicator', 'period'), name='indicator_status_unique_borough'),
        ),
        migrations.AddConstraint(
            model_name='measurement',
            constraint=models.UniqueConstraint(condition=models.Q(('area__isnull', False)), fields=('indicator', 'period', 'area'), name='measurement_unique_per_area'),
        ),
        migrations.AddConstraint(
            model_name='measurement',
            constraint=models.UniqueConstraint(condition=models.Q(('area__isnull', True)), fields=('indicator', 'period'), name='measurement_unique_borough'),
        ),
    ]
