"""The quarterly returns leave this app for ``returns`` (``returns.0001_initial``), keeping their tables.

State only, as ``returns.0001_initial`` is: ``Measurement.quarterly_return`` now points at
``returns.QuarterlyReturn`` (the same table, so the same column and constraint), and the
moved models leave this app's state, dependents first. Nothing changes in the database but
the content types: their rows move to the ``returns`` app label, keeping their ids, so the
permissions (which hang on them) become ``returns.*_quarterlyreturn`` and are still held by
the same users and groups, and admin log entries still lead to their objects.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = [
    "quarterlyreturn",
    "returnvalue",
    "returnprogress",
    "remindersent",
    "historicalquarterlyreturn",
    "historicalreturnvalue",
    "historicalreturnprogress",
]


def _move_content_types(apps, schema_editor, *, source: str, destination: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for model in MOVED_MODELS:
        moving = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if moving is None:  # a database made after the move: post_migrate makes the rows
            continue
        made = ContentType.objects.using(db).filter(app_label=destination, model=model).first()
        if made is not None:
            # Made by post_migrate while only ``returns`` had migrated: it holds nothing but the
            # default permissions, which the moving row has too. Keep the moving row and its ids.
            held = Permission.objects.using(db).filter(content_type=moving).values_list("codename", flat=True)
            Permission.objects.using(db).filter(content_type=made, codename__in=list(held)).delete()
            Permission.objects.using(db).filter(content_type=made).update(content_type=moving)
            made.delete()
        moving.app_label = destination
        moving.save(update_fields=["app_label"])


def content_types_to_returns(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="indicators", destination="returns")


def content_types_to_indicators(apps, schema_editor):
    _move_content_types(apps, schema_editor, source="returns", destination="indicators")


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0004_indicator_status"),
        ("returns", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="measurement",
                    name="quarterly_return",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="measurements",
                        to="returns.quarterlyreturn",
                    ),
                ),
                migrations.DeleteModel(name="HistoricalQuarterlyReturn"),
                migrations.DeleteModel(name="HistoricalReturnProgress"),
                migrations.DeleteModel(name="HistoricalReturnValue"),
                migrations.DeleteModel(name="ReminderSent"),
                migrations.DeleteModel(name="ReturnProgress"),
                migrations.DeleteModel(name="ReturnValue"),
                migrations.DeleteModel(name="QuarterlyReturn"),
            ],
        ),
        migrations.RunPython(content_types_to_returns, content_types_to_indicators, elidable=False),
    ]
