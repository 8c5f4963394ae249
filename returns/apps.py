from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "returns"
    verbose_name = "Quarterly returns"

    def ready(self) -> None:
        from partnership.cache import count_changes_of

        from .models import QuarterlyReturn

        # The dashboard's return completeness is cached until a return changes.
        count_changes_of("returns", QuarterlyReturn)
