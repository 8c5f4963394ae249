"""Publishing a quarter and back-filling a past one: who may, what residents see, and lateness."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from board.selectors import ReturnState, return_state
from board.today import support_work
from indicators.models import Measurement, ReportingPeriod
from returns import services
from returns.models import QuarterlyReturn
from returns.reminders import send_return_reminders
from returns.services import ValueInput

pytestmark = pytest.mark.django_db


def approved_return(world, crime="880") -> QuarterlyReturn:
    """The Community Safety return of the open quarter: submitted by the officer, approved by the lead."""
    ret = world.safety_return()
    values = [ValueInput(world.crime.pk, None, D(crime)), ValueInput(world.feel_safe.pk, None, D(74))]
    values += [ValueInput(world.crime.pk, area.pk, D(crime) / 2) for area in world.areas]
    submitted = services.return_submit(
        quarterly_return=ret,
        by=world.users["officer"],
        expected_version=ret.version,
        values=values,
        narrative={"progress_summary": "ok"},
    )
    return services.return_approve(quarterly_return=submitted, by=world.users["forum_lead"])


# --- Who may publish and back-fill: every role × each action ----------------------------------------

QUARTER_ACTIONS = ["publish", "backfill"]
QUARTER_MATRIX = {
    "anonymous": set(),
    "outsider": set(),
    "officer": set(),
    "other_officer": set(),
    "forum_lead": set(),
    "other_lead": set(),
    "support": {"publish", "backfill"},
    "board": set(),
    "admin": set(),  # a superuser: publishing is the support group's decision
}


def attempt(world, role, action) -> bool:
    user = world.users[role]
    try:
        if action == "publish":
            services.period_publish(period=world.period, by=user)
        else:
            services.period_open_backfill(period=world.last_period, by=user, reason="Late police figures.")
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize("action", QUARTER_ACTIONS)
@pytest.mark.parametrize("role", list(QUARTER_MATRIX))
def test_permission_matrix_for_quarters(world, role, action):
    allowed = action in QUARTER_MATRIX[role]
    assert attempt(world, role, action) is allowed
    world.period.refresh_from_db()
    world.last_period.refresh_from_db()
    assert world.period.is_published is (allowed and action == "publish")
    assert world.last_period.is_backfill is (allowed and action == "backfill")


PAGES = {
    "publish_page": ("get", lambda world: reverse("returns:period-publish", args=[world.period.pk])),
    "publish": ("post", lambda world: reverse("returns:period-publish", args=[world.period.pk])),
    "backfill_page": ("get", lambda world: reverse("returns:period-backfill")),
    "backfill": ("post", lambda world: reverse("returns:period-backfill")),
}


@pytest.mark.parametrize("action", list(PAGES))
@pytest.mark.parametrize("role", list(QUARTER_MATRIX))
def test_permission_matrix_for_quarters_over_http(client, world, role, action):
    method, url = PAGES[action]
    if role != "anonymous":
        client.force_login(world.users[role])
    data = {"period": str(world.last_period.pk), "reason": "Late police figures."}
    response = getattr(client, method)(url(world), data if method == "post" else None)
    allowed = action.split("_")[0] in QUARTER_MATRIX[role]
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif allowed:
        assert response.status_code in {200, 302}, response.status_code
    else:
        assert response.status_code == 403, response.status_code
    world.period.refresh_from_db()
    world.last_period.refresh_from_db()
    assert world.period.is_published is (allowed and action == "publish")
    assert world.last_period.is_backfill is (allowed and action == "backfill")


# --- Publishing ---------------------------------------------------------------------------------


def test_the_publish_page_lists_what_is_ready_and_what_is_outstanding_then_publishes_with_a_post(client, world):
    approved_return(world)
    client.force_login(world.users["support"])
    url = reverse("returns:period-publish", args=[world.period.pk])
    html = client.get(url).content.decode()
    assert "Approved and ready: 1" in html
    assert "Still outstanding: 1" in html
    assert '<th scope="row"><a href="' in html and "Environmental Forum</a></th><td>Not started</td>" in html
    assert "Publish 2014/15 Q2 with 1 return outstanding" in html
    assert 'name="csrfmiddlewaretoken"' in html

    response = client.post(url, follow=True)
    assert "2014/15 Q2 published: residents now see its approved figures." in response.content.decode()
    world.period.refresh_from_db()
    assert (world.period.published_by, world.period.is_published) == (world.users["support"], True)
    assert Measurement.objects.filter(period=world.period).exists()
    html = client.get(url).content.decode()
    assert "was published on" in html and "Published by support" in html  # its history


def test_publishing_again_is_refused_with_a_message_and_changes_nothing(client, world):
    services.period_publish(period=world.period, by=world.users["support"])
    published_at = ReportingPeriod.objects.get(pk=world.period.pk).published_at
    client.force_login(world.users["support"])
    response = client.post(reverse("returns:period-publish", args=[world.period.pk]), follow=True)
    assert "was already published" in response.content.decode()
    assert ReportingPeriod.objects.get(pk=world.period.pk).published_at == published_at


def test_the_publish_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, make):
    approved_return(world)
    client.force_login(world.users["support"])
    url = reverse("returns:period-publish", args=[world.period.pk])
    # 1 session, 2 user, 3 memberships (reach), 4 the quarter with who published it, 5 the forums
    # that write returns, 6 the quarter's returns with their forums, 7 its history with who.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for n in range(12):  # more forums, more returns, more history: the same queries
        forum = make.forum(world.plan, f"Forum {n}")
        make.theme(world.plan, 10 + n, f"Theme {n}", forum)
        QuarterlyReturn.objects.create(forum=forum, period=world.period, status="draft")
        world.period.save()
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_the_reporting_periods_page_says_which_quarters_are_published(client, world, django_assert_num_queries):
    services.period_publish(period=world.period, by=world.users["support"])
    client.force_login(world.users["support"])
    # 1 session, 2 user, 3 memberships (reach), 4 the latest twelve quarters with who published them.
    with django_assert_num_queries(4):
        html = client.get(reverse("returns:period-list")).content.decode()
    assert html.count(" by support</td>") == 1  # 2014/15 Q2; the earlier quarters were published on upgrade
    assert "Publish 2014/15 Q2" not in html and 'History<span class="visually-hidden"> of 2014/15 Q2' in html
    assert reverse("returns:period-backfill") in html


# --- What residents see, before and after ---------------------------------------------------------


def test_publishing_changes_what_the_public_home_theme_and_indicator_pages_show(client, world):
    approved_return(world)
    theme_url = reverse("indicators:theme-detail", args=[world.crime.theme.slug])
    before = {url: client.get(url).content.decode() for url in ("/", theme_url, world.feel_safe.get_absolute_url())}
    for html in before.values():
        assert "2014/15 Q2" not in html  # approved, not yet published
    assert "<strong>2014/15 Q1</strong>" in before["/"]
    # Feel safe has never been published: "no data"; recorded crime shows 2014/15 Q1's, labelled.
    assert '<span class="cell-note">2014/15 Q1</span>' in before[theme_url]

    services.period_publish(period=world.period, by=world.users["support"])

    home = client.get("/").content.decode()
    assert "<strong>2014/15 Q2</strong>" in home
    theme = client.get(theme_url).content.decode()
    assert '<span class="cell-note">2014/15 Q2</span>' in theme and "74%" in theme
    indicator = client.get(world.feel_safe.get_absolute_url()).content.decode()
    assert "At 2014/15 Q2" in indicator and "74%" in indicator


def test_an_indicator_not_reported_in_the_newest_quarter_keeps_its_last_published_figure(client, world):
    # The newest quarter is published with only feel safe: recorded crime keeps 2014/15 Q1's figure.
    ret = world.safety_return()
    ret.values.create(indicator=world.feel_safe, value=D(74))
    QuarterlyReturn.objects.filter(pk=ret.pk).update(status="approved")
    services.period_publish(period=world.period, by=world.users["support"])
    theme = client.get(reverse("indicators:theme-detail", args=[world.crime.theme.slug])).content.decode()
    assert '<span class="cell-note">2014/15 Q1</span>' in theme  # crime, with its own quarter
    assert '<span class="text-secondary">No data</span>' not in theme
    crime = client.get(world.crime.get_absolute_url()).content.decode()
    assert "At 2014/15 Q1" in crime


# --- Back-fill ------------------------------------------------------------------------------------


def test_back_fill_needs_a_reason_and_a_past_quarter_and_is_recorded(client, world):
    support = world.users["support"]
    with pytest.raises(ValidationError, match="Enter why"):
        services.period_open_backfill(period=world.last_period, by=support, reason=" ")
    future = ReportingPeriod.objects.create(
        financial_year=2099, quarter=1, starts_on=datetime.date(2099, 4, 1), ends_on=datetime.date(2099, 6, 30),
        return_deadline=datetime.date(2099, 7, 30),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="not past its deadline"):
        services.period_open_backfill(period=future, by=support, reason="Why not.")

    opened = services.period_open_backfill(period=world.last_period, by=support, reason="A forum's missing return.")
    assert (opened.status, opened.backfill_reason, opened.backfill_opened_by) == (
        "open",
        "A forum's missing return.",
        support,
    )
    last = opened.history.order_by("-history_date", "-history_id").first()
    assert (last.history_change_reason, last.history_user, last.backfill_reason) == (
        "Opened for back-fill",
        support,
        "A forum's missing return.",
    )


def test_the_back_fill_form_says_what_is_missing_beside_each_field_and_keeps_what_was_typed(
    client, world, django_assert_num_queries
):
    client.force_login(world.users["support"])
    url = reverse("returns:period-backfill")
    # 1 session, 2 user, 3 memberships (reach), 4 the quarters past their deadline.
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    response = client.post(url, {"period": "", "reason": "Typed, kept."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "Select a quarter" in html
    assert "Typed, kept." in html
    assert not ReportingPeriod.objects.filter(backfill_opened_at__isnull=False).exists()


def test_back_filled_returns_are_never_late_anywhere(client, world, mailoutbox):
    years_later = world.last_period.return_deadline + datetime.timedelta(days=4000)
    services.period_open_backfill(period=world.last_period, by=world.users["support"], reason="Entering history.")
    period = ReportingPeriod.objects.get(pk=world.last_period.pk)
    assert period.days_late(today=years_later) == 0

    # The board's completeness: outstanding returns are "being back-filled", submitted ones not late.
    assert return_state(None, period=period, today=years_later) == (ReturnState.BACKFILL, 0)
    submitted = QuarterlyReturn(status="submitted", submitted_at=timezone.now())
    assert return_state(submitted, period=period, today=years_later) == (ReturnState.SUBMITTED, 0)
    # ... but a return submitted late before the back-fill was opened stays late.
    before = QuarterlyReturn(
        status="approved",
        submitted_at=timezone.make_aware(datetime.datetime.combine(period.return_deadline, datetime.time(9)))
        + datetime.timedelta(days=3),
    )
    assert return_state(before, period=period, today=years_later)[1] == 3

    # What needs doing today lists no back-filled return as late; Your returns says "never late".
    work = support_work(now=timezone.make_aware(datetime.datetime.combine(years_later, datetime.time(10))))
    assert all(row.period != period for row in work.late)
    client.force_login(world.users["officer"])
    mine = client.get(reverse("returns:my-returns")).content.decode()
    assert "Back-fill: never late" in mine
    # No reminder chases a back-filled quarter.
    send_return_reminders(today=years_later)
    assert not [m for m in mailoutbox if world.last_period.label in m.subject]
