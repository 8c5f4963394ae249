"""The admin, scoped to the partnership in the path.

A superuser may use the admin of any partnership (``/dacorum/admin/``) and, with no
partnership in the path, of all of them at once (``scope.everywhere()``, set by
``PartnershipMiddleware``). Anyone else needs staff status *and* an active administrator's
or support group's seat in the partnership whose admin it is: there, every list, picker
and search holds only that partnership's rows, because the admin reads through the
scoped managers (``partnership.owned``).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    site_header = "LSP Portal administration"

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        if request.user.is_superuser:
            return True
        if getattr(request, "partnership", None) is None:
            return False
        from .models import Membership, Role

        # The scoped manager: seats in this request's partnership only.
        return Membership.objects.filter(
            user=request.user, is_active=True, role__in=[Role.ADMIN, Role.SUPPORT_GROUP]
        ).exists()

    def each_context(self, request):
        context = super().each_context(request)
        partnership = getattr(request, "partnership", None)
        if partnership is not None:
            context["site_header"] = f"{partnership.name}: administration"
        return context


class PortalAdminConfig(AdminConfig):
    default_site = "partnership.admin_site.PortalAdminSite"
