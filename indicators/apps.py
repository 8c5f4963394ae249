from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from partnership.cache import invalidate_on

        from .models import Indicator, IndicatorChange, Measurement, ReportingPeriod, Target

        invalidate_on(Indicator, Target, IndicatorChange, ReportingPeriod, Measurement)
        # The judged figures follow every saved value, target, indicator and quarter.
        from .services import connect_status_refresh

        connect_status_refresh()
