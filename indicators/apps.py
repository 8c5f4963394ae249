from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "Indicators and returns"

    def ready(self) -> None:
        from functools import partial

        from django.db.models.signals import post_delete, post_save

        from partnership.cache import bump_counter, invalidate_on

        from .models import Indicator, IndicatorChange, Measurement, QuarterlyReturn, ReportingPeriod, Target

        invalidate_on(Indicator, Target, IndicatorChange, ReportingPeriod, Measurement)
        # The dashboard's return completeness is cached until a return changes.
        for signal in (post_save, post_delete):
            signal.connect(partial(bump_counter, "returns"), sender=QuarterlyReturn, weak=False, dispatch_uid="returns")
