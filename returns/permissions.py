"""Who may do what with quarterly returns. Every view and service asks here, nowhere else.

| role | sees | edits / submits | approves / sends back | reopens |
| --- | --- | --- | --- | --- |
| partner officer | returns of forums their organisation belongs to | those, while open | — | — |
| forum lead | their forum's returns | their forum's, while open | their forum's, once submitted | — |
| LSP Support Group | every return | every return, while open | every return, once submitted | every locked return |
| LSP Board member | every return | — | — | — |
| administrator | every return | — | — | every locked return |
| anyone else | nothing | — | — | — |
| whoever submitted the return (any role, a superuser too) | as their role | as their role | **never** | as their role |

Quarters: the support group and administrators open and close them; only the support group
publishes a quarter (``can_publish_period``) and opens a past one for back-fill
(``can_open_backfill``).

"While open" means the return is a draft or was sent back, and its period is open (or
the support group reopened it). Approved returns are locked.
"""

from __future__ import annotations

from django.db.models import QuerySet

from indicators.permissions import reach_of

from .models import QuarterlyReturn


def visible_returns(user) -> QuerySet[QuarterlyReturn]:
    reach = reach_of(user)
    returns = QuarterlyReturn.objects.all()
    if reach.sees_everything:
        return returns
    forums = reach.officer_forum_ids | reach.lead_forum_ids
    return returns.filter(forum_id__in=forums) if forums else returns.none()


def can_view_return(user, quarterly_return: QuarterlyReturn) -> bool:
    reach = reach_of(user)
    forum = quarterly_return.forum_id
    return reach.sees_everything or forum in reach.officer_forum_ids or forum in reach.lead_forum_ids


def may_edit_forum(user, forum_id: int) -> bool:
    """May the user write this forum's returns at all (ignoring the return's state)?"""
    reach = reach_of(user)
    return reach.is_support or forum_id in reach.officer_forum_ids or forum_id in reach.lead_forum_ids


def can_edit_return(user, quarterly_return: QuarterlyReturn) -> bool:
    return quarterly_return.is_editable and may_edit_forum(user, quarterly_return.forum_id)


def submitted_it(user, quarterly_return: QuarterlyReturn) -> bool:
    """Whether ``user`` submitted the return: then someone else must sign it off (separation of duties)."""
    return quarterly_return.submitted_by_id is not None and quarterly_return.submitted_by_id == user.pk


def can_approve_return(user, quarterly_return: QuarterlyReturn) -> bool:
    """Approve, or send back with a reason: a submitted return, by its forum lead or the support group.

    Never by the person who submitted it (separation of duties), whatever roles they hold, a
    superuser included: another member signs it off.
    """
    if quarterly_return.status != QuarterlyReturn.Status.SUBMITTED:
        return False
    if submitted_it(user, quarterly_return):
        return False
    reach = reach_of(user)
    return reach.is_support or quarterly_return.forum_id in reach.lead_forum_ids


def can_reopen_return(user, quarterly_return: QuarterlyReturn) -> bool:
    reach = reach_of(user)
    return (reach.is_support or reach.is_admin) and quarterly_return.is_locked


def can_close_period(user) -> bool:
    reach = reach_of(user)
    return reach.is_support or reach.is_admin


def can_publish_period(user) -> bool:
    """Publish a quarter's figures to residents: the LSP Support Group."""
    return reach_of(user).is_support


def can_open_backfill(user) -> bool:
    """Open a past quarter for back-fill, with a reason: the LSP Support Group."""
    return reach_of(user).is_support


def landing_view_name(user) -> str:
    """Where a partner lands after signing in: the page with their work on it.

    The LSP Support Group starts at what needs doing today (returns to sign off or chase,
    moderation, consultations closing: the board app's page, which reads returns and
    consultation); board members who write no returns read the dashboard; officers and forum
    leads start at their returns.
    """
    reach = reach_of(user)
    if reach.is_support:
        return "dashboard:support-today"
    writes_returns = reach.is_support or reach.officer_forum_ids or reach.lead_forum_ids
    if reach.is_board and not writes_returns:
        return "dashboard:dashboard"
    return "returns:my-returns"
