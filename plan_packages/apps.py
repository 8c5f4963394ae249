from django.apps import AppConfig


class PlanPackagesConfig(AppConfig):
    """Plan packages: a whole plan as a folder of CSV files or one .xlsx workbook, imported and exported.

    A page layer beside board, public and reports: it writes through the services of the apps
    below it (indicators' ``indicator_save`` and ``target_save``) and has no models.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "plan_packages"
    verbose_name = "Plan packages"
