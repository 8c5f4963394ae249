from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Indicators and returns"

    def ready(self) -> None:
        from partnership.cache import invalidate_on

        from .models import Indicator, IndicatorChange, Measurement, ReportingPeriod, Target

        invalidate_on(Indicator, Target, IndicatorChange, ReportingPeriod, Measurement)
