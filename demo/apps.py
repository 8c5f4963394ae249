from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Dacorum demo plan, the residents' demo and the synthetic benchmark dataset.

    The top layer: it may import every app, and no app imports it (only ``bench/``, ``e2e/``
    and tests do). It has no models.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"
