from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Indicators and returns"

    def ready(self) -> None:
        from partnership.cache import count_changes_of, invalidate_on

        from .models import Indicator, IndicatorChange, Measurement, QuarterlyReturn, ReportingPeriod, Target

        invalidate_on(Indicator, Target, IndicatorChange, ReportingPeriod, Measurement)
        # The dashboard's return completeness is cached until a return changes.
        count_changes_of("returns", QuarterlyReturn)
        # The judged figures follow every saved value, target, indicator and quarter.
        from .services import connect_status_refresh

        connect_status_refresh()
