"""Sections this app adds to the indicators app's theme, objective and indicator pages.

Registered in ``ConsultationConfig.ready()`` through ``indicators.page_extras``, so the
indicators app shows residents' comments without importing this app. Each provider
costs a fixed number of queries, whatever the number of comments:

* theme: comments (3 queries: the theme's count, each objective's count, the latest
  three) and “you said, we did” (2: adopted suggestions, their objectives' achievements);
* objective: “you said, we did” (2) and its comments (2: count, latest three);
* indicator: comments (2: count, latest three).
"""

from __future__ import annotations

from indicators.page_extras import Section

from . import permissions, selectors


def theme_comments(*, theme, **_) -> Section:
    return Section(
        "consultation/sections/comments.html",
        {"summary": selectors.theme_comment_summary(theme), "subject": theme, "kind": "theme"},
        order=50,
    )


def theme_you_said_we_did(*, theme, **_) -> Section | None:
    adoptions = selectors.adoptions_for_theme(theme)
    if not adoptions:
        return None
    return Section("consultation/sections/you_said_we_did.html", {"adoptions": adoptions, "subject": theme}, order=40)


def objective_you_said_we_did(*, objective, **_) -> Section | None:
    adoptions = selectors.adoptions_for_objective(objective)
    if not adoptions:
        return None
    return Section(
        "consultation/sections/you_said_we_did.html", {"adoptions": adoptions, "subject": objective}, order=40
    )


def objective_comments(*, objective, **_) -> Section:
    return Section(
        "consultation/sections/comments.html",
        {"summary": selectors.objective_comment_summary(objective), "subject": objective, "kind": "objective"},
        order=50,
    )


def indicator_comments(*, indicator, **_) -> Section:
    return Section(
        "consultation/sections/comments.html",
        {"summary": selectors.indicator_comment_summary(indicator), "subject": indicator, "kind": "indicator"},
        order=50,
    )


def dashboard_residents(*, request, plan, period, **_) -> Section:
    """The board dashboard's “what residents are saying” (2 queries)."""
    return Section(
        "consultation/sections/dashboard_residents.html",
        {
            "summary": selectors.dashboard_residents(plan, period),
            "period": period,
            "can_moderate": permissions.can_moderate(request.user),
        },
    )
