"""Residents having their say. Included at the site root by ``partnership/urls.py`` (namespace ``consultation``).

The area-plan themes page is at ``/area-plans/``: ``/areas/<slug>/`` belongs to the
indicators app's area page, which is included first and would take ``/areas/themes/``.
"""

from django.urls import path

from . import views

app_name = "consultation"

urlpatterns = [
    # Comments on the plan's subjects (the pages themselves are the indicators app's).
    path("themes/<slug:slug>/comments/", views.theme_comments, name="theme-comments"),
    path("objectives/<int:pk>/comments/", views.objective_comments, name="objective-comments"),
    path("indicators/<slug:slug>/comments/", views.indicator_comments, name="indicator-comments"),
    path("comments/<int:pk>/", views.comment_thread, name="comment-thread"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment-reply"),
    path("comments/<int:pk>/respond/", views.comment_respond, name="comment-respond"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    # Consultations.
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<slug:slug>/comments/", views.consultation_comments, name="consultation-comments"),
    path("consultations/<slug:slug>/results.csv", views.consultation_results_csv, name="consultation-results-csv"),
    # Suggestions for service changes.
    path("suggestions/", views.suggestion_list, name="suggestion-list"),
    path("suggestions/new/", views.suggestion_new, name="suggestion-new"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion-detail"),
    # It's your community: be part of it.
    path("have-your-say/", views.get_involved, name="get-involved"),
    path("have-your-say/workshop/", views.workshop_request, name="workshop-request"),
    path("have-your-say/mailing-list/", views.mailing_list_request, name="mailing-list-request"),
    path("have-your-say/privacy/", views.privacy, name="privacy"),
    path("have-your-say/moderation-policy/", views.moderation_policy, name="moderation-policy"),
    path("have-your-say/check-your-email/", views.check_email, name="check-email"),
    path("have-your-say/confirm/<str:token>/", views.confirm, name="confirm"),
    path("have-your-say/delete/<str:token>/", views.comment_delete, name="comment-delete"),
    path("area-plans/", views.area_plans, name="area-plans"),
    # The support group's and forum leads' pages (sign-in needed).
    path("moderation/", views.moderation_queue, name="moderation-queue"),
    path("moderation/comments/<int:pk>/", views.moderation_comment, name="moderation-comment"),
    path("moderation/suggestions/", views.suggestion_manage_list, name="suggestion-manage-list"),
    path("moderation/suggestions/<int:pk>/", views.suggestion_manage, name="suggestion-manage"),
    path("moderation/suggestions/<int:pk>/moderate/", views.moderation_suggestion, name="moderation-suggestion"),
    path("moderation/requests/", views.request_queue, name="request-queue"),
    path("moderation/requests/<str:kind>/<int:pk>/", views.request_detail, name="request-detail"),
]
