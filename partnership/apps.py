from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)
        from .cache import invalidate_on
        from .models import Area, AreaPlan, CommunityPlan, Forum, Organisation

        invalidate_on(CommunityPlan, Organisation, Forum, Area, AreaPlan)
