"""Who a user is to the partnership: ``Reach``, what their memberships let them reach.

Worked out once per request by ``reach_of`` and asked by every app's permissions: the
returns (``returns.permissions``), the board, consultation and the annual report. What
each role may do with a quarterly return is decided in ``returns/permissions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partnership.models import Forum, Membership, Role


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
    def sees_dashboard(self) -> bool:
        """The board's pages (``board``): the board, the support group and forum leads."""
        return self.is_board or self.is_support or bool(self.lead_forum_ids)

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
