from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultation"
    verbose_name = "Consultation"

    def ready(self) -> None:
        from . import public_cache

        # Residents' words sit on cached pages (``page_sections``): publishing a comment must show at once.
        public_cache.connect()
