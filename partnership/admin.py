from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Area, AreaPlan, CommunityPlan, Forum, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "forum", "user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "get_full_name", "email", "is_active", "is_staff", "last_login"]


@admin.register(CommunityPlan)
class CommunityPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "period_label", "status"]
    list_filter = ["status"]
    search_fields = ["title", "area"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "is_lsp_member", "website"]
    list_filter = ["sector", "is_lsp_member"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "plan"]
    list_filter = ["kind", "plan"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisations"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "forum", "is_active"]
    list_filter = ["role", "is_active", "forum", "organisation__sector"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name", "forum__name"]
    autocomplete_fields = ["user", "organisation", "forum"]
    list_select_related = ["user", "organisation", "forum"]


class AreaPlanInline(admin.TabularInline):
    model = AreaPlan
    extra = 0
    show_change_link = True


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "town", "population"]
    list_filter = ["kind", "town"]
    list_select_related = ["parent"]
    search_fields = ["name", "code", "town"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "kind", "code", "parent", "town", "population", "description"]
    inlines = [AreaPlanInline]


@admin.register(AreaPlan)
class AreaPlanAdmin(admin.ModelAdmin):
    list_display = ["area", "year", "published_on"]
    list_filter = ["year", "area__kind", "area__town"]
    search_fields = ["area__name", "summary"]
    list_select_related = ["area"]
    autocomplete_fields = ["area"]
