from django.apps import AppConfig


class ThemesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "themes"
    verbose_name = "Themes and objectives"

    def ready(self) -> None:
        from partnership.cache import invalidate_on

        from . import models

        invalidate_on(
            models.Theme,
            models.Outcome,
            models.Objective,
            models.Action,
            models.Achievement,
            models.LinkedStrategy,
            models.CrossCuttingTheme,
            models.AreaPriority,
        )
