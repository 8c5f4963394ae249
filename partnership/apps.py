from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate

        from . import (
            checks,  # noqa: F401 (registers the system checks)
            rls,
            scope,
        )
        from .cache import invalidate_on
        from .models import Area, AreaPlan, CommunityPlan, Forum, Organisation, Partnership

        invalidate_on(Partnership, CommunityPlan, Organisation, Forum, Area, AreaPlan)

        def refresh_partnerships(**_ignored) -> None:
            # Now, for this process's next request, and again once committed, for every node's.
            Partnership.objects.refresh_cache()
            transaction.on_commit(Partnership.objects.refresh_cache)

        post_save.connect(refresh_partnerships, sender=Partnership, dispatch_uid="refresh_partnerships")
        post_delete.connect(refresh_partnerships, sender=Partnership, dispatch_uid="refresh_partnerships_delete")
        pre_migrate.connect(rls.before_migrate, sender=self, dispatch_uid="rls_before_migrate")
        post_migrate.connect(rls.after_migrate, sender=self, dispatch_uid="rls_after_migrate")
        # Every transaction on PostgreSQL says which partnership it works for (partnership.scope).
        connection_created.connect(scope.install, dispatch_uid="partnership_scope_each_transaction")
