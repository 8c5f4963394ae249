"""Who may do what with residents' comments, suggestions and requests. Views and services ask here.

| role | moderate (approve, reject, remove) | respond officially | manage suggestions | handle requests |
| --- | --- | --- | --- | --- |
| anonymous, resident, outsider | — | — | — | — |
| partner officer | — | — | — | — |
| forum lead | — | on their forum's themes (and consultations it leads) | routed to their forum | — |
| LSP Support Group | every comment | every comment | every suggestion | every request |
| LSP Board member | — | — | — | — |
| administrator | every comment | — (not a forum) | every suggestion | every request |

Roles come from ``indicators.permissions.reach_of``, worked out once per request.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from indicators.permissions import reach_of
from partnership.models import Forum, Membership, Role

from .models import Comment, MailingListRequest, Suggestion, WorkshopRequest


def can_moderate(user) -> bool:
    reach = reach_of(user)
    return reach.is_support or reach.is_admin


def _comment_forum_id(comment: Comment) -> int | None:
    """The forum that answers for a comment's subject: the theme's lead forum, or the consultation's."""
    if comment.theme_id is not None:
        return comment.theme.lead_forum_id
    if comment.consultation_id is not None:
        return comment.consultation.lead_forum_id
    return None


def can_respond(user, comment: Comment) -> bool:
    """Respond on behalf of the partnership: the support group, or the lead of the subject's forum."""
    reach = reach_of(user)
    if reach.is_support:
        return True
    forum_id = _comment_forum_id(comment)
    return forum_id is not None and forum_id in reach.lead_forum_ids


def responding_forum(user, comment: Comment) -> Forum | None:
    """The forum a response is marked as coming from: the user's lead forum for the subject, else the support group."""
    reach = reach_of(user)
    forum_id = _comment_forum_id(comment)
    if forum_id is not None and forum_id in reach.lead_forum_ids:
        return Forum.objects.get(pk=forum_id)
    if reach.is_support:
        membership = (
            Membership.objects.filter(user=user, role=Role.SUPPORT_GROUP, is_active=True, forum__isnull=False)
            .select_related("forum")
            .first()
        )
        if membership is not None:
            return membership.forum
        return Forum.objects.filter(kind=Forum.Kind.SUPPORT_GROUP).order_by("-plan__start_year").first()
    return None


def can_manage_suggestion(user, suggestion: Suggestion) -> bool:
    reach = reach_of(user)
    if reach.is_support or reach.is_admin:
        return True
    forums = {suggestion.routed_to_id, suggestion.theme.lead_forum_id} - {None}
    return bool(forums & reach.lead_forum_ids)


def manageable_suggestions(user) -> QuerySet[Suggestion]:
    """Suggestions the user may update: all for the support group, their forum's for a forum lead."""
    reach = reach_of(user)
    suggestions = Suggestion.objects.published()  # answered once a moderator has let them through
    if reach.is_support or reach.is_admin:
        return suggestions
    if reach.lead_forum_ids:
        return suggestions.filter(
            Q(routed_to_id__in=reach.lead_forum_ids) | Q(theme__lead_forum_id__in=reach.lead_forum_ids)
        )
    return suggestions.none()


def can_manage_any_suggestion(user) -> bool:
    reach = reach_of(user)
    return reach.is_support or reach.is_admin or bool(reach.lead_forum_ids)


def can_handle_requests(user) -> bool:
    """Workshop and mailing-list requests reach the support group's queue."""
    reach = reach_of(user)
    return reach.is_support or reach.is_admin


def can_handle_request(user, item: WorkshopRequest | MailingListRequest) -> bool:
    return can_handle_requests(user)


def can_respond_for_forum(user, forum_id: int | None) -> bool:
    """May the user respond on a subject led by ``forum_id`` (a page-level check, before any comment)?"""
    reach = reach_of(user)
    return reach.is_support or (forum_id is not None and forum_id in reach.lead_forum_ids)
