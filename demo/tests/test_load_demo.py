"""``load_demo``: the Dacorum 2015 plan, modelled in full, loaded idempotently.

The demo is loaded once for the module, inside a transaction that is rolled back at the
end, and each test runs in its own savepoint within it — so the tests see the demo
without paying for the load (and the password hashing) each time.
"""

import datetime
import hashlib
import re
from collections import Counter
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from demo import plan as dacorum
from demo.loader import (
    NO_FIGURES_REASON,
    SENT_BACK_REASON,
    DemoCalendar,
    generate_series,
    load_demo,
    quarter_of,
)
from indicators import rag
from indicators.models import Frequency, Indicator, IndicatorChange, Measurement, ReportingPeriod, Target
from partnership.models import Area, AreaPlan, CommunityPlan, Forum, Membership, Role, User
from returns.models import QuarterlyReturn, ReturnValue
from returns.reminders import send_return_reminders
from returns.services import return_indicators
from themes.models import CrossCuttingTheme, Theme

pytestmark = pytest.mark.django_db

# The day the demo is loaded as of: its calendar runs to 2025/26 Q3; the figures stay in 2004/05-2014/15.
DEMO_TODAY = datetime.date(2025, 11, 20)

THEME_LEADS = {
    1: "Dacorum Community Safety Partnership",
    2: "Dacorum Environmental Forum",
    3: "Dacorum Health, Care and Community Partnership",
    4: "Dacorum Business Networks",
    5: "Dacorum Learning Forum",
    6: "Dacorum Housing Forum",
    7: "Cultural Forum Partnership",
    8: "The Communities Forum",
    9: "Dacorum Children and Young People's Strategic Partnership",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            counts = load_demo(today=DEMO_TODAY)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield counts
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def plan(demo) -> CommunityPlan:
    return CommunityPlan.objects.get(slug="dacorum-2015")


def _ytd_change(indicator: Indicator, year: int) -> Decimal:
    totals = Counter()
    for m in indicator.measurements.filter(area__isnull=True, period__financial_year__in=[year - 1, year]):
        totals[m.period.financial_year] += m.value
    return (totals[year] - totals[year - 1]) / totals[year - 1] * 100


def test_loads_the_plan_with_its_vision_introduction_profile_and_contacts(plan):
    assert plan.title == "Dacorum 2015 — Dacorum's Community Plan"
    assert (plan.area, plan.start_year, plan.end_year) == ("Dacorum", 2004, 2014)
    assert plan.status == CommunityPlan.Status.ADOPTED
    assert CommunityPlan.objects.current() == plan
    assert plan.chair_name.startswith("Andrew Williams")
    assert "working together to make a difference" in plan.chair_introduction.lower()
    assert "second Community Plan" in plan.vision
    assert "137,799 residents" in plan.area_profile
    assert "LSP Support Group" in plan.monitoring_statement
    assert "LSP Board" in plan.monitoring_statement
    assert plan.contact_details.startswith("It's your community")
    assert "Business Partnerships Team" in plan.contact_details
    assert "HP1 1HH" in plan.contact_details


def test_ocr_slips_are_corrected_everywhere(plan):
    texts = [plan.vision, plan.chair_introduction, plan.area_profile, plan.monitoring_statement, plan.contact_details]
    for theme in Theme.objects.filter(plan=plan).prefetch_related("outcomes", "objectives", "achievements"):
        texts += [theme.title, theme.vision, theme.summary]
        texts += [o.text for o in theme.outcomes.all()]
        texts += [o.title for o in theme.objectives.all()]
        texts += [a.text for a in theme.achievements.all()]
    blob = "\n".join(texts)
    for slip in ("YISION", "HPI IHH", "afforable", "LSP Roard", "MI and M25", "tacetum", "in 11"):
        assert slip not in blob


def test_nine_themes_each_led_by_its_forum(plan):
    themes = list(Theme.objects.for_plan(plan))
    assert [t.number for t in themes] == list(range(1, 10))
    assert {t.number: t.lead_forum.name for t in themes} == THEME_LEADS
    assert all(t.lead_forum.kind == Forum.Kind.THEME_LEAD for t in themes)
    assert themes[0].slug == "reducing-crime-and-feeling-safe"
    assert all(t.vision and t.summary and t.partners.exists() for t in themes)
    assert Forum.objects.get(plan=plan, name="LSP Support Group").kind == Forum.Kind.SUPPORT_GROUP
    board = Forum.objects.get(plan=plan, name="LSP Board")
    assert board.kind == Forum.Kind.BOARD
    assert board.organisations.filter(name="Hertfordshire Constabulary").exists()
    assert Forum.objects.filter(plan=plan).count() == 11


def test_every_theme_has_outcomes_objectives_actions_achievements_strategies_and_indicators(plan):
    for theme in Theme.objects.filter(plan=plan):
        assert theme.outcomes.exists(), theme
        assert theme.achievements.exists(), theme
        assert theme.linked_strategies.exists(), theme
        assert theme.indicators.exists(), theme
        objectives = list(theme.objectives.prefetch_related("actions"))
        assert objectives, theme
        for objective in objectives:
            assert objective.owner_id and objective.due_date and objective.progress_note
            assert 2 <= len(objective.actions.all()) <= 3, objective
            for action in objective.actions.all():
                assert action.owner_id and 2004 <= action.due_date.year <= 2015
    crime = Theme.objects.get(plan=plan, number=1)
    assert crime.outcomes.first().text == "Older people feel safe"
    assert crime.linked_strategies.filter(
        name="Drug Action Team Partnership — Young People's Substance Misuse Plan"
    ).exists()
    housing = Theme.objects.get(plan=plan, number=6)
    assert set(housing.linked_strategies.values_list("name", flat=True)) >= {
        "Dacorum's Housing Strategy 2004-07",
        "Homelessness Strategy",
    }


def test_three_cross_cutting_themes_each_link_several_themes(plan):
    cross = list(CrossCuttingTheme.objects.filter(plan=plan).prefetch_related("themes"))
    assert [c.title for c in cross] == [
        "Rejuvenating Dacorum",
        "Promoting Healthy and Caring Lifestyles",
        "Developing Community Cohesion",
    ]
    assert all(c.description and len(c.themes.all()) >= 3 for c in cross)


def test_twenty_five_wards_with_plans_for_2013_and_2014(demo):
    wards = Area.objects.all()
    assert wards.count() == 25
    assert sum(w.population for w in wards) == 137_799
    assert wards.filter(code__startswith="DAC-").count() == 25
    assert AreaPlan.objects.filter(year=2013).count() == 25
    assert AreaPlan.objects.filter(year=2014).count() == 25
    for ward_plan in AreaPlan.objects.prefetch_related("priorities__themes"):
        priorities = list(ward_plan.priorities.all())
        assert 3 <= len(priorities) <= 5, ward_plan
        assert all(p.themes.all() for p in priorities)
    safety_wards = AreaPlan.objects.filter(year=2014, priorities__themes__number=1).values("area").distinct()
    assert safety_wards.count() == 21


def test_one_demo_user_per_role_with_the_demo_password(demo):
    memberships = Membership.objects.select_related("user", "organisation", "forum")
    assert sorted(m.role for m in memberships) == sorted(Role.values)
    by_username = {m.user.username: m for m in memberships}
    officer = by_username["officer"]
    assert (officer.role, officer.organisation.name, officer.forum.name) == (
        Role.OFFICER,
        "Hertfordshire Constabulary",
        "Dacorum Community Safety Partnership",
    )
    lead = by_username["forumlead"]
    assert (lead.role, lead.organisation.name, lead.forum.name) == (
        Role.FORUM_LEAD,
        "Dacorum Borough Council",
        "Dacorum Community Safety Partnership",
    )
    assert by_username["support"].forum.name == "LSP Support Group"
    assert by_username["board"].forum.name == "LSP Board"
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    for username in by_username:
        user = User.objects.get(username=username)
        assert user.first_name and user.last_name and user.email.endswith("@example.org")
        assert user.check_password("lsp-demo-2015")


def test_a_changed_password_survives_a_reload(demo):
    user = User.objects.get(username="officer")
    user.set_password("a-new-password-2015")
    user.save()
    load_demo(today=DEMO_TODAY)
    user.refresh_from_db()
    assert user.check_password("a-new-password-2015")


def test_recorded_crime_target_is_a_three_percent_cut_and_the_year_to_date_beats_it(demo):
    crime = Indicator.objects.get(code="CS-02")
    assert crime.cumulative and crime.by_area and crime.polarity == "lower"
    target = crime.targets.get(financial_year=2014, quarter=None)
    assert (target.kind, target.value, target.comparator) == (
        Target.Kind.PERCENT_CHANGE,
        Decimal(-3),
        Target.Comparator.SAME_PERIOD_LAST_YEAR,
    )
    assert target.describe() == "reduction of 3% on the same period last year"

    assert _ytd_change(crime, 2014) == pytest.approx(Decimal("-7.3"), abs=Decimal("0.05"))
    assert _ytd_change(crime, 2013) == pytest.approx(Decimal("-4.8"), abs=Decimal("0.05"))

    series = {m.period.key: m.value for m in crime.measurements.filter(area__isnull=True).select_related("period")}
    assessment = rag.assess_indicator(crime, series=series, period=(2014, 4), targets=list(crime.targets.all()))
    assert assessment.rag == rag.Rag.GREEN
    assert assessment.trend == rag.Trend.IMPROVING
    assert assessment.change_percent == pytest.approx(Decimal("-7.3"), abs=Decimal("0.05"))


def test_indicators_cover_every_measure_of_success(demo):
    indicators = list(Indicator.objects.prefetch_related("targets", "objectives"))
    assert 35 <= len(indicators) <= 45
    assert len({i.slug for i in indicators}) == len(indicators)
    assert sum(i.by_area for i in indicators) >= 6
    assert {i.code[:2] for i in indicators} == {"CS", "EN", "HC", "EM", "LL", "HO", "CU", "CI", "CY"}
    kinds = Counter()
    for indicator in indicators:
        assert indicator.is_illustrative and indicator.definition and indicator.source
        assert indicator.baseline_value is not None and indicator.baseline_period_id
        assert indicator.objectives.all(), indicator
        assert all(o.theme_id == indicator.theme_id for o in indicator.objectives.all())
        if indicator.unit == "percent":
            assert (indicator.min_value, indicator.max_value) == (0, 100)
        targets = indicator.targets.all()
        assert sorted(t.financial_year for t in targets) == list(range(2004, 2026))  # rolled forward to the open year
        kinds.update(t.kind for t in targets)
    assert kinds[Target.Kind.ABSOLUTE] and kinds[Target.Kind.PERCENT_CHANGE]


def test_the_latest_quarter_shows_greens_ambers_and_reds(demo):
    verdicts = Counter()
    for indicator in Indicator.objects.prefetch_related("targets"):
        series = {
            m.period.key: m.value for m in indicator.measurements.filter(area__isnull=True).select_related("period")
        }
        verdicts[
            rag.assess_indicator(indicator, series=series, period=(2014, 4), targets=list(indicator.targets.all())).rag
        ] += 1
    assert verdicts[rag.Rag.GREEN] > verdicts[rag.Rag.AMBER] > 0
    assert verdicts[rag.Rag.RED] > 0


def test_reporting_periods_run_from_2004_to_the_quarter_holding_today(demo):
    periods = list(ReportingPeriod.objects.chronological())
    assert len(periods) == 21 * 4 + 3  # 2004/05 Q1 to 2025/26 Q3
    assert periods[0].key == (2004, 1) and periods[-1].key == (2025, 3)
    assert periods[-1].starts_on <= DEMO_TODAY <= periods[-1].ends_on
    # The current quarter is open, and the one before it while its returns come in; every other is closed.
    assert [p.status for p in periods[:-2]] == [ReportingPeriod.Status.CLOSED] * (len(periods) - 2)
    assert [(p.key, p.status) for p in periods[-2:]] == [
        ((2025, 2), ReportingPeriod.Status.OPEN),
        ((2025, 3), ReportingPeriod.Status.OPEN),
    ]
    assert all((p.return_deadline - p.ends_on).days == 30 for p in periods)
    assert (periods[0].starts_on.isoformat(), periods[0].ends_on.isoformat()) == ("2004-04-01", "2004-06-30")


def test_measurements_are_unique_complete_and_consistent(demo):
    rows = list(
        Measurement.objects.values_list(
            "indicator_id", "period_id", "area_id", "value", "status", "quarterly_return_id", "is_illustrative"
        )
    )
    keys = [row[:3] for row in rows]
    assert len(keys) == len(set(keys))
    assert all(row[6] for row in rows)

    periods = {p.pk: p for p in ReportingPeriod.objects.all()}
    returns = {r.pk: r for r in QuarterlyReturn.objects.all()}
    wards = Area.objects.count()
    for indicator in Indicator.objects.select_related("theme"):
        mine = [row for row in rows if row[0] == indicator.pk]
        borough = {row[1]: row for row in mine if row[2] is None}
        expected = 11 if indicator.frequency == Frequency.ANNUAL else 44
        assert len(borough) == expected, indicator
        if indicator.frequency == Frequency.ANNUAL:
            assert {periods[p].quarter for p in borough} == {4}
        for _, period_id, _ward, value, status, return_id, _ in mine:
            assert indicator.min_value is None or value >= indicator.min_value
            assert indicator.max_value is None or value <= indicator.max_value
            last = periods[period_id].key == (2014, 4)
            assert status == (Measurement.Status.PROVISIONAL if last else Measurement.Status.FINAL)
            quarterly_return = returns[return_id]
            assert quarterly_return.status == QuarterlyReturn.Status.APPROVED
            assert quarterly_return.period_id == period_id
            assert quarterly_return.forum_id == indicator.theme.lead_forum_id
        ward_rows = [row for row in mine if row[2] is not None]
        if not indicator.by_area:
            assert not ward_rows, indicator
            continue
        assert len(ward_rows) == len(borough) * wards, indicator
        for period_id, borough_row in borough.items():
            values = [row[3] for row in ward_rows if row[1] == period_id]
            if indicator.cumulative:
                assert sum(values) == borough_row[3]
            else:
                assert min(values) <= borough_row[3] * Decimal("1.05") and max(values) >= borough_row[3] * Decimal(
                    "0.95"
                )
    assert Measurement.objects.exclude(revision_note="").count() == len(dacorum.REVISIONS)
    assert ReturnValue.objects.filter(value__isnull=False).count() == len(rows)


def test_approved_returns_are_dated_within_six_weeks_of_quarter_end(demo):
    returns = QuarterlyReturn.objects.select_related("period", "forum").filter(period__status="closed")
    assert returns.count() == 9 * (21 * 4 + 1)  # every closed quarter, 2004/05 Q1 to 2025/26 Q1
    for quarterly_return in returns:
        assert quarterly_return.status == QuarterlyReturn.Status.APPROVED
        assert quarterly_return.progress_summary
        approved_on = quarterly_return.approved_at.date()
        assert quarterly_return.submitted_at < quarterly_return.approved_at
        assert 0 < (approved_on - quarterly_return.period.ends_on).days <= 42
        assert quarterly_return.history.exists()


def test_change_log_entries_match_the_targets_they_describe(demo):
    changes = IndicatorChange.objects.select_related("indicator")
    assert changes.count() == len(dacorum.INDICATOR_CHANGES)
    assert all(c.reason and c.changed_at.tzinfo is not None for c in changes)
    for change in changes.filter(field=IndicatorChange.Field.TARGET):
        year = int(change.summary.split()[1][:4])
        assert change.new_value == change.indicator.targets.get(financial_year=year, quarter=None).describe()
        assert change.old_value != change.new_value


def test_illustrative_series_are_deterministic():
    spec = dacorum.THEMES[0].indicators[1]  # theme 1, Reducing Crime and Feeling Safe
    assert generate_series(spec) == generate_series(spec)


def _snapshot() -> tuple[dict[str, int], str, object]:
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}
    digest = hashlib.sha256()
    for row in Measurement.objects.order_by("indicator_id", "period_id", "area_id").values_list(
        "indicator_id", "period_id", "area_id", "value", "status", "note", "revision_note"
    ):
        digest.update(repr((*row[:3], f"{row[3].normalize():f}", *row[4:])).encode())
    return counts, digest.hexdigest(), Measurement.objects.aggregate(Max("updated_at"))["updated_at__max"]


def test_running_it_again_changes_nothing(demo):
    before = _snapshot()
    counts = load_demo(today=DEMO_TODAY)
    assert counts["rows_written"] == 0
    assert _snapshot() == before
    assert {k: v for k, v in counts.items() if k != "rows_written"} == {
        k: v for k, v in demo.items() if k != "rows_written"
    }


def test_a_reload_repairs_an_edited_value(demo):
    measurement = Measurement.objects.filter(indicator__code="CS-02", area__isnull=True).first()
    original = measurement.value
    measurement.value += 1
    measurement.save()
    counts = load_demo(today=DEMO_TODAY)
    measurement.refresh_from_db()
    assert measurement.value == original
    assert counts["rows_written"] == 1


def test_command_prints_the_counts_and_the_logins(demo):
    out = StringIO()
    call_command("load_demo", "--today", DEMO_TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "already up to date" in text
    assert "Demo calendar as of 20 November 2025: open for returns 2025/26 Q2 and 2025/26 Q3" in text
    assert "measurements" in text
    for username in ("officer", "forumlead", "support", "board", "admin"):
        assert username in text
    assert "lsp-demo-2015" in text


# --- The calendar runs to today; the figures stay in their years -------------------------------------

PREVIOUS, CURRENT = (2025, 2), (2025, 3)  # on DEMO_TODAY; the previous quarter's deadline was 30 October 2025
DAYS_PAST_DEADLINE = (DEMO_TODAY - datetime.date(2025, 10, 30)).days  # 21


def _states(key) -> dict[str, str]:
    """Each theme lead forum's return in a quarter: its status, or "not started"."""
    returns = {
        r.forum.name: r.status
        for r in QuarterlyReturn.objects.filter(period__financial_year=key[0], period__quarter=key[1]).select_related(
            "forum"
        )
    }
    return {name: returns.get(name, "not started") for name in THEME_LEADS.values()}


def test_the_calendar_holds_the_quarter_of_any_day_and_never_puts_the_figures_in_the_future():
    assert quarter_of(datetime.date(2026, 3, 31)) == (2025, 4)
    assert quarter_of(datetime.date(2026, 4, 1)) == (2026, 1)
    assert quarter_of(datetime.date(2026, 11, 29)) == (2026, 3)
    live = DemoCalendar.for_day(datetime.date(2026, 11, 29))
    assert (live.current, live.open_keys) == ((2026, 3), [(2026, 2), (2026, 3)])
    # Just after the figures, the quarter before is a quarter with figures: closed.
    assert DemoCalendar.for_day(datetime.date(2015, 5, 1)).open_keys == [(2015, 1)]
    # A day inside the plan's years counts as the quarter after the figures.
    assert DemoCalendar.for_day(datetime.date(2010, 5, 1)).open_keys == [(2015, 1)]


def test_figures_stay_in_their_years_and_later_returns_say_why_they_have_none(demo):
    assert not Measurement.objects.filter(period__financial_year__gte=2015).exists()
    later = QuarterlyReturn.objects.filter(period__financial_year__gte=2015).exclude(status="draft")
    assert later.count() == 9 * (10 * 4 + 1) + 7  # closed quarters 2015/16 Q1-2025/26 Q1; the previous one: 7 in
    lines = ReturnValue.objects.filter(quarterly_return__in=later)
    assert not lines.filter(value__isnull=False).exists()
    assert set(lines.values_list("no_value_reason", flat=True)) == {NO_FIGURES_REASON}
    wards = Area.objects.count()
    for quarterly_return in later.select_related("period"):
        indicators = return_indicators(quarterly_return)
        expected = sum(1 + (wards if indicator.by_area else 0) for indicator in indicators)
        assert quarterly_return.values.count() == expected, quarterly_return  # complete, as a submission must be


def test_the_open_quarters_read_as_a_live_partnership_late_by_days_not_years(demo):
    assert _states(PREVIOUS) == {
        "Dacorum Community Safety Partnership": "submitted",  # the demo forum lead has one to sign off
        "Dacorum Environmental Forum": "approved",
        "Dacorum Health, Care and Community Partnership": "approved",
        "Dacorum Business Networks": "returned",
        "Dacorum Learning Forum": "approved",
        "Dacorum Housing Forum": "draft",
        "Cultural Forum Partnership": "approved",
        "The Communities Forum": "not started",
        "Dacorum Children and Young People's Strategic Partnership": "submitted",
    }
    assert _states(CURRENT) == {
        name: ("draft" if name in ("Dacorum Environmental Forum", "Dacorum Learning Forum") else "not started")
        for name in THEME_LEADS.values()
    }
    late_submission = QuarterlyReturn.objects.get(
        forum__name="Cultural Forum Partnership", period__financial_year=2025, period__quarter=2
    )
    assert (late_submission.submitted_at.date() - late_submission.period.return_deadline).days == 4
    returned = QuarterlyReturn.objects.get(status="returned")
    assert returned.returned_reason == SENT_BACK_REASON
    # Nothing happened on or after the day it is loaded as of.
    moments = QuarterlyReturn.objects.filter(period__financial_year=2025).values_list("submitted_at", "approved_at")
    assert all(moment.date() < DEMO_TODAY for pair in moments for moment in pair if moment)


def test_the_demo_support_group_has_returns_to_approve_and_no_return_is_signed_off_by_its_submitter(demo):
    from returns.permissions import can_approve_return

    support, lead = User.objects.get(username="support"), User.objects.get(username="forumlead")
    waiting = QuarterlyReturn.objects.filter(status="submitted").select_related("period")
    assert sorted(r.forum.name for r in waiting if can_approve_return(support, r)) == [
        "Dacorum Children and Young People's Strategic Partnership",
        "Dacorum Community Safety Partnership",
    ]
    assert [r.forum.name for r in waiting if can_approve_return(lead, r)] == ["Dacorum Community Safety Partnership"]
    signed_off = QuarterlyReturn.objects.filter(status="approved", submitted_by__isnull=False)
    assert signed_off.exists()
    assert not [r for r in signed_off if r.submitted_by_id == r.approved_by_id]


@pytest.fixture
def on_demo_today():
    """The portal's clock at noon on DEMO_TODAY, for pages that count days."""
    noon = timezone.make_aware(datetime.datetime.combine(DEMO_TODAY, datetime.time(12, 0)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        yield


def _days_counted(html: str) -> list[int]:
    text = re.sub(r"<[^>]+>", " ", html)
    return [int(n.replace(",", "")) for n in re.findall(r"(\d[\d,]*) days? (?:late|ago|left|to go)", text)]


def test_returns_pages_dashboard_and_reminders_count_days_not_years(
    demo, on_demo_today, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(User.objects.get(username="support"))
    returns_page = client.get("/returns/").content.decode()
    assert "Open for returns: <strong>2025/26 Q3</strong>" in returns_page
    counted = _days_counted(returns_page)
    assert f"{DAYS_PAST_DEADLINE} days late" in re.sub(r"<[^>]+>", " ", returns_page).replace("  ", " ")
    assert counted and max(counted) <= 92, counted

    client.force_login(User.objects.get(username="board"))
    dashboard = client.get("/dashboard/").content.decode()
    assert "2025/26 Q1" in dashboard  # the latest closed quarter: every return approved
    counted = _days_counted(dashboard)
    assert counted and max(counted) <= 183, counted
    previous = ReportingPeriod.objects.get(financial_year=2025, quarter=2)
    counted = _days_counted(client.get(f"/dashboard/?period={previous.pk}").content.decode())
    assert counted and max(counted) <= 92, counted

    # The support group hears of the three late returns (sent back, a draft, not started); the
    # demo's logins all belong to the Community Safety Partnership, whose returns are in or not due.
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_return_reminders(today=DEMO_TODAY)
    assert sent["summary"] == 1
    (summary,) = mailoutbox
    assert summary.subject == "Late returns for 2025/26 Q2: 3 forums"
    assert _days_counted(summary.body) == [DAYS_PAST_DEADLINE] * 3, summary.body


def test_the_quarters_it_considers_done_are_published_and_the_open_ones_are_not(demo):
    support = User.objects.get(username="support")
    for period in ReportingPeriod.objects.filter(financial_year__gte=2004):
        if period.status == "closed":
            assert period.published_at is not None and period.published_by == support, period
            assert period.published_at.date() < DEMO_TODAY
        else:
            assert period.published_at is None, period


def test_public_pages_show_each_indicators_latest_published_figure_with_its_own_quarter(demo, client):
    home = client.get("/").content.decode()
    # The quarters published after the plan's years (to 2025/26 Q1) are not the plan's: it reports
    # on its last, 2014/15 Q4, each indicator at its own latest published quarter, never "no data".
    assert "up to <strong>2014/15 Q4</strong>, the latest quarter published with figures" in home
    assert "no data" not in home
    theme = client.get("/themes/reducing-crime-and-feeling-safe/").content.decode()
    assert '<span class="cell-note">2014/15 Q4</span>' in theme


def test_a_later_day_closes_the_quarter_before_and_keeps_what_people_did_in_the_open_ones(demo):
    officer = User.objects.get(username="officer")
    csp = Forum.objects.get(name="Dacorum Community Safety Partnership")
    current = ReportingPeriod.objects.get(financial_year=2025, quarter=3)
    mine = QuarterlyReturn.objects.create(
        forum=csp, period=current, status="draft", progress_summary="Typed in the demo.", updated_by=officer
    )

    counts = load_demo(today=datetime.date(2026, 1, 20))  # 2025/26 Q4

    assert counts["rows_written"] > 0
    assert [(p.key, p.status) for p in ReportingPeriod.objects.filter(financial_year=2025).chronological()] == [
        ((2025, 1), "closed"),
        ((2025, 2), "closed"),
        ((2025, 3), "open"),
        ((2025, 4), "open"),
    ]
    assert set(_states(PREVIOUS).values()) == {"approved"}  # closed: its returns all approved
    mine.refresh_from_db()
    assert (mine.status, mine.progress_summary) == ("draft", "Typed in the demo.")
    assert load_demo(today=datetime.date(2026, 1, 20))["rows_written"] == 0
