"""Who may do what with quarterly returns. Every view and service asks here, nowhere else.

| role | sees | edits / submits | approves / sends back | reopens |
| --- | --- | --- | --- | --- |
| partner officer | returns of forums their organisation belongs to | those, while open | — | — |
| forum lead | their forum's returns | their forum's, while open | their forum's, once submitted | — |
| LSP Support Group | every return | every return, while open | every return, once submitted | every locked return |
| LSP Board member | every return | — | — | — |
| administrator | every return | — | — | every locked return |
| anyone else | nothing | — | — | — |

"While open" means the return is a draft or was sent back, and its period is open (or
the support group reopened it). Approved returns are locked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from partnership.models import Forum, Membership, Role
from returns.models import QuarterlyReturn


@dataclass(frozen=True)
class Reach:
    """What one user's memberships let them reach, worked out once per request."""

    officer_forum_ids: frozenset[int] = field(default_factory=frozenset)
    lead_forum_ids: frozenset[int] = field(default_factory=frozenset)
    is_support: bool = False
    is_board: bool = False
    is_admin: bool = False

    @property
    def sees_everything(self) -> bool:
        return self.is_support or self.is_board or self.is_admin

    @property
    def has_any_role(self) -> bool:
        return bool(self.officer_forum_ids or self.lead_forum_ids or self.sees_everything)

    @property
    def cache_key(self) -> str:
        """The same for two users exactly when their reach is the same (for content cached per reach)."""
        forums = ["-".join(map(str, sorted(ids))) for ids in (self.officer_forum_ids, self.lead_forum_ids)]
        return ",".join([*forums, *(str(int(flag)) for flag in (self.is_support, self.is_board, self.is_admin))])


def reach_of(user) -> Reach:
    """The user's reach; cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reach()
    cached = getattr(user, "_lsp_reach", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).values_list("role", "organisation_id", "forum_id")
    )
    officer_orgs = {org for role, org, _ in memberships if role == Role.OFFICER}
    officer_forums = {forum for role, _, forum in memberships if role == Role.OFFICER and forum}
    if officer_orgs:
        officer_forums |= set(
            Forum.objects.filter(organisations__in=officer_orgs, kind=Forum.Kind.THEME_LEAD).values_list(
                "pk", flat=True
            )
        )
    roles = {role for role, _, _ in memberships}
    reach = Reach(
        officer_forum_ids=frozenset(officer_forums),
        lead_forum_ids=frozenset(forum for role, _, forum in memberships if role == Role.FORUM_LEAD and forum),
        is_support=Role.SUPPORT_GROUP in roles,
        is_board=Role.BOARD in roles,
        is_admin=Role.ADMIN in roles or user.is_superuser,
    )
    user._lsp_reach = reach
    return reach


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


def can_approve_return(user, quarterly_return: QuarterlyReturn) -> bool:
    """Approve, or send back with a reason: a submitted return, by its forum lead or the support group.

    Never by the person who submitted it (separation of duties): someone else signs it off.
    """
    if quarterly_return.status != QuarterlyReturn.Status.SUBMITTED:
        return False
    if quarterly_return.submitted_by_id is not None and quarterly_return.submitted_by_id == user.pk:
        return False
    reach = reach_of(user)
    return reach.is_support or quarterly_return.forum_id in reach.lead_forum_ids


def can_reopen_return(user, quarterly_return: QuarterlyReturn) -> bool:
    reach = reach_of(user)
    return (reach.is_support or reach.is_admin) and quarterly_return.is_locked


def can_close_period(user) -> bool:
    reach = reach_of(user)
    return reach.is_support or reach.is_admin


def landing_view_name(user) -> str:
    """Where a partner lands after signing in: the page with their work on it.

    Board members who write no returns read the dashboard; everyone who writes, signs off
    or approves returns (officers, forum leads, the support group) starts at their returns.
    """
    reach = reach_of(user)
    writes_returns = reach.is_support or reach.officer_forum_ids or reach.lead_forum_ids
    if reach.is_board and not writes_returns:
        return "dashboard:dashboard"
    return "returns:my-returns"
