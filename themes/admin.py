from django.contrib import admin

from partnership.admin import AreaPlanAdmin
from partnership.models import AreaPlan

from .models import Achievement, Action, AreaPriority, CrossCuttingTheme, LinkedStrategy, Objective, Outcome, Theme


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["order", "title", "owner", "due_date", "status"]
    show_change_link = True


class AchievementInline(admin.TabularInline):
    model = Achievement
    extra = 0
    fields = ["order", "text", "achieved_on", "objective"]


class LinkedStrategyInline(admin.TabularInline):
    model = LinkedStrategy
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "lead_forum", "plan"]
    list_display_links = ["title"]
    list_filter = ["plan", "lead_forum"]
    search_fields = ["title", "vision"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    list_select_related = ["lead_forum", "plan"]
    inlines = [OutcomeInline, ObjectiveInline, AchievementInline, LinkedStrategyInline]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["order", "title", "owner", "due_date", "status", "progress_note"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "status", "owner", "due_date"]
    list_filter = ["status", "theme__plan", "theme"]
    search_fields = ["title", "description", "progress_note"]
    list_select_related = ["theme", "owner"]
    autocomplete_fields = ["owner"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "status", "owner", "due_date"]
    list_filter = ["status", "objective__theme"]
    search_fields = ["title", "progress_note", "objective__title"]
    list_select_related = ["objective", "owner"]
    autocomplete_fields = ["objective", "owner"]


@admin.register(CrossCuttingTheme)
class CrossCuttingThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]


class AreaPriorityInline(admin.TabularInline):
    model = AreaPriority
    extra = 0
    filter_horizontal = ["themes"]


# Area priorities belong to themes (imports flow partnership ← themes), so the themes app
# adds their inline to the partnership app's area plan admin.
admin.site.unregister(AreaPlan)


@admin.register(AreaPlan)
class AreaPlanWithPrioritiesAdmin(AreaPlanAdmin):
    inlines = [AreaPriorityInline]


admin.site.register(Outcome, search_fields=["text"], list_display=["text", "theme"], list_filter=["theme"])
admin.site.register(
    Achievement, search_fields=["text"], list_display=["__str__", "theme", "achieved_on"], list_filter=["theme"]
)
admin.site.register(LinkedStrategy, search_fields=["name"], list_display=["name", "theme"], list_filter=["theme"])
