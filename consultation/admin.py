"""The Django admin for residents' side: consultations and their questions are set up here.

Decisions that the public sees (publishing or removing a comment, answering a
suggestion) go through the services, as on the staff pages, so that they are
recorded and emailed the same way. Residents' email addresses are shown to staff
only where they need them (suggestions, requests), and never in list views.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from . import services
from .models import (
    Choice,
    Comment,
    CommentReport,
    Consultation,
    MailingListRequest,
    ModerationAction,
    Question,
    Suggestion,
    WorkshopRequest,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text", "help_text", "required"]
    show_change_link = True


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "is_published", "results_published", "lead_forum"]
    list_filter = ["is_published", "results_published", "themes", "lead_forum"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes", "areas"]
    date_hierarchy = "opens_at"
    readonly_fields = ["closing_reminder_sent_at", "created_at"]
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["plan", "title", "slug", "summary", "background", "lead_forum", "themes", "areas"]}),
        ("Dates", {"fields": ["opens_at", "closes_at", "is_published", "closing_reminder_sent_at"]}),
        ("Results", {"fields": ["results_published", "free_text_themes", "you_said_we_did"]}),
    ]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 2


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "consultation", "kind", "order", "required"]
    list_filter = ["kind", "consultation"]
    list_select_related = ["consultation"]
    inlines = [ChoiceInline]


class ModerationActionInline(admin.TabularInline):
    model = ModerationAction
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "reason", "by", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description="Approve (publish) the selected comments")
def approve_comments(modeladmin, request, queryset):
    try:
        outcome = services.comment_moderate_many(comments=list(queryset), approve=True, by=request.user)
    except PermissionDenied as exc:
        modeladmin.message_user(request, str(exc), messages.ERROR)
        return
    modeladmin.message_user(request, f"{outcome.changed} approved; {len(outcome.skipped)} left as they were.")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-mostly: decisions are made on the moderation pages (or with the action), so they are recorded."""

    list_display = [
        "pk",
        "display_name",
        "status",
        "theme",
        "consultation",
        "is_official",
        "report_count",
        "created_at",
    ]
    list_filter = ["status", "is_official", "theme", "consultation"]
    search_fields = ["display_name", "body"]
    list_select_related = ["theme", "consultation"]
    date_hierarchy = "created_at"
    actions = [approve_comments]
    inlines = [ModerationActionInline]
    readonly_fields = [
        "theme",
        "objective",
        "indicator",
        "consultation",
        "parent",
        "display_name",
        "email",
        "area",
        "body",
        "status",
        "is_official",
        "responding_forum",
        "author",
        "report_count",
        "created_at",
        "confirmed_at",
        "published_at",
        "moderated_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reason", "created_at"]
    readonly_fields = ["comment", "reason", "reporter_fingerprint", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["comment", "kind", "by", "at"]
    list_filter = ["kind"]
    readonly_fields = ["comment", "kind", "reason", "by", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Status changes go through ``suggestion_update``: the reason is required and the resident told."""

    list_display = ["title", "theme", "area", "status", "routed_to", "created_at"]
    list_filter = ["status", "theme", "routed_to"]
    search_fields = ["title", "body", "display_name"]
    list_select_related = ["theme", "area", "routed_to"]
    readonly_fields = ["theme", "area", "routed_to", "title", "body", "display_name", "email", "created_at"]
    fields = [*readonly_fields, "status", "response", "became_objective", "became_action"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.suggestion_update(
                suggestion=obj,
                by=request.user,
                status=obj.status,
                response=obj.response,
                became_objective=obj.became_objective,
                became_action=obj.became_action,
            )
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, f"Not saved: {' '.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR)


@admin.register(WorkshopRequest)
class WorkshopRequestAdmin(admin.ModelAdmin):
    list_display = ["group_name", "contact_name", "area", "status", "confirmed_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["group_name", "contact_name"]
    filter_horizontal = ["themes"]


@admin.register(MailingListRequest)
class MailingListRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "forum", "status", "confirmed_at", "created_at"]
    list_filter = ["status", "forum"]
    search_fields = ["name"]
