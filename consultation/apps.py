from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultation"
    verbose_name = "Consultation"

    def ready(self) -> None:
        # The indicators app's pages show these sections without importing this app.
        from indicators import page_extras

        from . import page_sections, public_cache

        page_extras.register("theme", page_sections.theme_you_said_we_did)
        page_extras.register("theme", page_sections.theme_comments)
        page_extras.register("objective", page_sections.objective_you_said_we_did)
        page_extras.register("objective", page_sections.objective_comments)
        page_extras.register("indicator", page_sections.indicator_comments)
        page_extras.register("dashboard", page_sections.dashboard_residents)
        # Those sections sit on cached pages: publishing a comment must show at once.
        public_cache.connect()
