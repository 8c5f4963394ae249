"""Areas of any kind: names and constraints after the rename (see 0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('themes', '0004_rename_ward_priority_to_area_priority'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='areapriority',
            options={'ordering': ['area_plan', 'order', 'pk'], 'verbose_name_plural': 'area priorities'},
        ),
        migrations.AlterField(
            model_name='areapriority',
            name='themes',
            field=models.ManyToManyField(blank=True, related_name='area_priorities', to='themes.theme'),
        ),
    ]
