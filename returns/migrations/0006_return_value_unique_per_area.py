"""Areas of any kind: names and constraints after the rename (see 0005)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0012_indicator_area_kind'),
        ('partnership', '0005_area_kind_code_parent'),
        ('returns', '0005_rename_ward_to_area'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='returnvalue',
            options={'ordering': ['indicator__order', 'indicator__code', 'area__name']},
        ),
        migrations.AddConstraint(
            model_name='returnvalue',
            constraint=models.UniqueConstraint(condition=models.Q(('area__isnull', False)), fields=('quarterly_return', 'indicator', 'area'), name='return_value_unique_per_area'),
        ),
        migrations.AddConstraint(
            model_name='returnvalue',
            constraint=models.UniqueConstraint(condition=models.Q(('area__isnull', True)), fields=('quarterly_return', 'indicator'), name='return_value_unique_borough'),
        ),
    ]
