"""What residents said, as sections of other apps' pages: the public theme and indicator pages, the board.

The public pages (``public.views``) and the board's dashboard (``board.views``) call these
and render each section into their page; nothing here knows those apps. Each costs a fixed
number of queries, whatever the number of comments:

* theme: “you said, we did” (2 queries: adopted suggestions, their objectives'
  achievements; left out when nothing was adopted), then comments (2: the theme's and each
  objective's counts, the latest three; 3 if the page does not pass the objectives);
* indicator: comments (2: count, latest three);
* dashboard: what residents are saying (2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string

from indicators.models import Indicator
from partnership.models import CommunityPlan
from themes.models import Objective, Theme

from . import permissions, selectors


@dataclass(frozen=True)
class Section:
    """A template and the context it needs, already read: rendering it runs no query."""

    template: str
    context: dict = field(default_factory=dict)

    def render(self, request: HttpRequest) -> str:
        """The section's HTML. From its own context alone: a section needs nothing of the request
        (no CSRF token, no user), so the context processors are not run again for it."""
        return render_to_string(self.template, self.context)


def theme_sections(theme: Theme, objectives: list[Objective] | None = None) -> list[Section]:
    """“You said, we did” (if anything was adopted), then the comments on the theme.

    ``objectives``: the theme's objectives, if the page has read them (one query fewer).
    """
    sections = []
    adoptions = selectors.adoptions_for_theme(theme)
    if adoptions:
        sections.append(
            Section("consultation/sections/you_said_we_did.html", {"adoptions": adoptions, "subject": theme})
        )
    sections.append(
        Section(
            "consultation/sections/comments.html",
            {"summary": selectors.theme_comment_summary(theme, objectives), "subject": theme, "kind": "theme"},
        )
    )
    return sections


def indicator_sections(indicator: Indicator) -> list[Section]:
    return [
        Section(
            "consultation/sections/comments.html",
            {"summary": selectors.indicator_comment_summary(indicator), "subject": indicator, "kind": "indicator"},
        )
    ]


def dashboard_residents(*, plan: CommunityPlan, period, user) -> Section:
    """The board dashboard's “what residents are saying” at ``period``."""
    return Section(
        "consultation/sections/dashboard_residents.html",
        {
            "summary": selectors.dashboard_residents(plan, period),
            "period": period,
            "can_moderate": permissions.can_moderate(user),
        },
    )
