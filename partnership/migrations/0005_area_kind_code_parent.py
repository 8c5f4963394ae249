"""Areas of any kind: a kind, an optional code and parent (after the rename in 0004).

Uniqueness stays within a partnership, as it was for wards, and becomes within a kind too:
(partnership, kind, name), (partnership, kind, code) when there is a code, and
(partnership, slug), the public address.
"""

import django.db.models.deletion
import partnership.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnership', '0004_rename_ward_to_area'),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="area", name="ward_name_unique_per_partnership"),
        migrations.RemoveConstraint(model_name="area", name="ward_slug_unique_per_partnership"),
        migrations.RemoveConstraint(model_name="area", name="ward_code_unique_per_partnership"),
        migrations.AlterModelOptions(
            name='areaplan',
            options={'ordering': ['area__name', '-year']},
        ),
        migrations.AddField(
            model_name='area',
            name='kind',
            field=models.CharField(choices=[('ward', 'ward'), ('parish', 'parish'), ('neighbourhood', 'neighbourhood'), ('policing_area', 'policing area'), ('locality', 'locality'), ('district', 'district'), ('other', 'area')], default='ward', max_length=20),
        ),
        migrations.AddField(
            model_name='area',
            name='parent',
            field=models.ForeignKey(blank=True, help_text="Optional. The area it lies in, like a ward's district.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='partnership.area'),
        ),
        migrations.AlterField(
            model_name='area',
            name='code',
            field=models.CharField(blank=True, help_text="Optional. The ONS (GSS) code, like E05004567, or the code your partners use, like a police neighbourhood's.", max_length=20, validators=[partnership.models.validate_area_code]),
        ),
        migrations.AlterField(
            model_name='area',
            name='name',
            field=models.CharField(max_length=120),
        ),
        migrations.AlterField(
            model_name='area',
            name='slug',
            field=models.SlugField(help_text='Its address on the public site: /areas/<slug>/.', max_length=120),
        ),
        migrations.AddConstraint(
            model_name='area',
            constraint=models.UniqueConstraint(fields=('partnership', 'slug'), name='area_slug_unique_per_partnership', violation_error_code='slug', violation_error_message='There is already an area with this slug: choose another'),
        ),
        migrations.AddConstraint(
            model_name='area',
            constraint=models.UniqueConstraint(fields=('partnership', 'kind', 'name'), name='area_name_unique_per_partnership_and_kind', violation_error_code='name', violation_error_message='There is already an area of this kind with this name: choose another name'),
        ),
        migrations.AddConstraint(
            model_name='area',
            constraint=models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('partnership', 'kind', 'code'), name='area_code_unique_per_partnership_and_kind', violation_error_code='code', violation_error_message='There is already an area of this kind with this code: check the code'),
        ),
        migrations.AddConstraint(
            model_name='areaplan',
            constraint=models.UniqueConstraint(fields=('area', 'year'), name='area_plan_unique_per_year'),
        ),
    ]
