"""A small partnership for the returns tests: two forums, their people, an open quarter."""

from dataclasses import dataclass
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.models import Indicator, Measurement, ReportingPeriod, Target
from partnership.models import CommunityPlan, Forum, Membership, Organisation, Role, User, Ward
from returns.models import QuarterlyReturn
from themes.models import Action, Objective, Theme


@dataclass
class ReturnsWorld:
    plan: CommunityPlan
    safety: Forum
    environment: Forum
    support_forum: Forum
    board_forum: Forum
    crime: Indicator  # cumulative, lower is better, by ward, target −3% on last year
    feel_safe: Indicator  # a percentage, higher is better, 0–100
    objective: Objective
    action: Action
    wards: list[Ward]
    period: ReportingPeriod  # open
    last_period: ReportingPeriod  # closed
    users: dict[str, object]

    def safety_return(self, period=None) -> QuarterlyReturn:
        return QuarterlyReturn.objects.get_or_create(forum=self.safety, period=period or self.period)[0]


def _period(year, quarter, status):
    starts, ends = ReportingPeriod.dates_for(year, quarter)
    return ReportingPeriod.objects.create(
        financial_year=year, quarter=quarter, starts_on=starts, ends_on=ends, return_deadline=ends, status=status
    )


@pytest.fixture
def world(db) -> ReturnsWorld:
    plan = CommunityPlan.objects.create(
        title="Plan", slug="plan", area="Dacorum", start_year=2004, end_year=2014, vision="v", status="adopted"
    )
    police = Organisation.objects.create(name="Police", slug="police", sector="public")
    council = Organisation.objects.create(name="Council", slug="council", sector="local_authority")
    greens = Organisation.objects.create(name="Green Club", slug="green-club", sector="business_environment")
    safety = Forum.objects.create(plan=plan, name="Community Safety Partnership", slug="csp")
    safety.organisations.set([police, council])
    environment = Forum.objects.create(plan=plan, name="Environmental Forum", slug="env")
    environment.organisations.set([greens])
    support_forum = Forum.objects.create(plan=plan, name="LSP Support Group", slug="support", kind="support_group")
    board_forum = Forum.objects.create(plan=plan, name="LSP Board", slug="board", kind="board")
    theme = Theme.objects.create(plan=plan, number=1, title="Safety", slug="safety", vision="v", lead_forum=safety)
    Theme.objects.create(plan=plan, number=2, title="Environment", slug="env", vision="v", lead_forum=environment)
    objective = Objective.objects.create(theme=theme, title="Better relations with the police")
    action = Action.objects.create(objective=objective, title="Ward panels every quarter")
    crime = Indicator.objects.create(
        theme=theme,
        code="CS-02",
        slug="crime",
        title="Recorded crime",
        definition="d",
        polarity="lower",
        source="Police",
        cumulative=True,
        by_ward=True,
        min_value=D(0),
    )
    feel_safe = Indicator.objects.create(
        theme=theme,
        code="CS-01",
        slug="feel-safe",
        title="Feel safe",
        definition="d",
        polarity="higher",
        source="Survey",
        unit="percent",
        min_value=D(0),
        max_value=D(100),
    )
    Target.objects.create(
        indicator=crime, financial_year=2014, kind="percent_change", value=D(-3), comparator="last_year"
    )
    Target.objects.create(indicator=feel_safe, financial_year=2014, value=D(70))
    wards = [Ward.objects.create(name=n, slug=n.lower(), code=f"W{i}") for i, n in enumerate(["Boxmoor", "Highfield"])]
    last_year = _period(2013, 1, "closed")
    last_period = _period(2014, 1, "closed")
    period = _period(2014, 2, "open")
    Measurement.objects.create(indicator=crime, period=last_year, value=D(1000))
    Measurement.objects.create(indicator=crime, period=_period(2013, 2, "closed"), value=D(1000))
    Measurement.objects.create(indicator=crime, period=last_period, value=D(950))

    def person(username, role=None, organisation=None, forum=None, **extra):
        user = User.objects.create_user(username, email=f"{username}@example.org", **extra)
        if role:
            Membership.objects.create(user=user, role=role, organisation=organisation, forum=forum)
        return user

    users = {
        "anonymous": AnonymousUser(),
        "outsider": person("outsider"),
        "officer": person("officer", Role.OFFICER, police),
        "other_officer": person("other_officer", Role.OFFICER, greens),
        "forum_lead": person("forum_lead", Role.FORUM_LEAD, council, safety),
        "other_lead": person("other_lead", Role.FORUM_LEAD, greens, environment),
        "support": person("support", Role.SUPPORT_GROUP, council, support_forum),
        "board": person("board", Role.BOARD, council, board_forum),
        "admin": person("admin", is_superuser=True, is_staff=True),
    }
    return ReturnsWorld(
        plan=plan,
        safety=safety,
        environment=environment,
        support_forum=support_forum,
        board_forum=board_forum,
        crime=crime,
        feel_safe=feel_safe,
        objective=objective,
        action=action,
        wards=wards,
        period=period,
        last_period=last_period,
        users=users,
    )
