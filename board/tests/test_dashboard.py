"""The board dashboard, the indicators table and its exports, and indicator analysis.

One hand-built partnership (``board``) whose figures are worked out in its docstring; the
page tests read the numbers off the rendered pages and compare them with those. Each
page test states its query count; the ``slow`` test proves the counts hold on the demo
plan and on the synthetic scale-1 dataset (~170,000 measurements).

    .venv/bin/pytest indicators/tests/test_dashboard*.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lsp_helper_f .venv/bin/pytest indicators/tests/test_dashboard*.py
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal as D
from html.parser import HTMLParser
from types import SimpleNamespace

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from board.selectors import Completeness, ReturnState, default_period, return_state
from consultation.tests.conftest import make_comment
from indicators.models import Indicator, ReportingPeriod
from partnership.models import Forum, Role
from partnership.spreadsheets import spreadsheet_safe
from returns.models import QuarterlyReturn

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
TABLE = "/dashboard/indicators/"

# Queries every dashboard page opens with: 1 session, 2 user, 3 the user's memberships (reach).
SIGNED_IN = 3


# --- A small partnership, worked out by hand ------------------------------------------------------


@dataclass
class Board:
    plan: object
    forums: dict[str, Forum]
    themes: dict[str, object]
    indicators: dict[str, Indicator]
    areas: dict[str, object]
    period: ReportingPeriod  # 2014/15 Q2: the latest closed quarter, deadline 10 days ago
    open_period: ReportingPeriod  # 2014/15 Q3: open, deadline in 20 days
    today: datetime.date
    users: dict[str, object] = field(default_factory=dict)


def _aware(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def board(make, shared_data) -> Board:
    """The board's partnership, built once for this module's tests (``_build_board``)."""
    return shared_data.get("board", make)


def _build_board(make) -> Board:
    """Five lead forums, five themes, nine indicators, two areas; the dashboard at 2014/15 Q2.

    Indicators at 2014/15 Q2 (last year is 2013/14 Q2):

    | code | theme | polarity | value (last year) | target | RAG | trend | shortfall |
    | --- | --- | --- | --- | --- | --- | --- | --- |
    | S1 feel safe (%) | Safety | higher | 60 (65) | 70 | red | worsening | 10/70 = 14.29% |
    | S2 crime, cumulative, by area | Safety | lower | YTD 1,950 (2,100) | 4,000/4×2 = 2,000 | green | improving | |
    | S3 anti-social behaviour | Safety | lower | 104 (100) | 100 | amber (4% ≤ 5%) | worsening | 4% |
    | E1 recycling (%), by area | Environment | higher | 40 (45) | 50 | red | worsening | 20% |
    | E2 litter (%) | Environment | lower | 12 (12) | none | no target | stable | |
    | E3 air quality (%) | Environment | higher | 78 (75) | 80 | amber (2.5%) | improving | 2.5% |
    | H1 secret, not public | Health | lower | 13 (none) | 10 | red | not known | 30% |
    | H2 life expectancy | Health | higher | 81 (none) | 80 | green | not known | |
    | O1 homes | Housing | higher | none (90) | 100 | no data | not known | |

    RAG by theme (green, amber, red, no target, no data): Safety 1 1 1 0 0; Environment
    0 1 1 1 0; Health 1 0 1 0 0; Housing 0 0 0 0 1; Learning (no indicators) 0 0 0 0 0.
    Totals 2 2 3 1 1 = 9. Exceptions, furthest off target first: H1 (30%), E1 (20%),
    S1 (14.29%), S3 (4%, amber and worsening); E3 is amber but improving, so not one.

    Areas at 2014/15 Q2: crime (a count, so against the average area 1,950 ÷ 2 = 975):
    Boxmoor 400+450 = 850 better, Highfield 550+550 = 1,100 worse. Recycling (against the
    borough, 40): Boxmoor 38 worse, Highfield 42 better.

    Returns for 2014/15 Q2, deadline 10 days before today:
    Safety approved, submitted 2 days late; Environment submitted a day early;
    Health returned for changes (10 days late); Housing a draft (late, 10 days);
    Learning not started (missing, 10 days).
    """
    today = timezone.localdate()
    plan = make.plan("Board Plan", start_year=2012, end_year=2016)
    police = make.organisation("Police")
    council = make.organisation("Council", "local_authority")
    forums = {
        key: make.forum(plan, name, organisations=[police, council])
        for key, name in [
            ("safety", "Safety Forum"),
            ("environment", "Environment Forum"),
            ("health", "Health Forum"),
            ("housing", "Housing Forum"),
            ("learning", "Learning Forum"),
        ]
    }
    support_forum = make.forum(plan, "LSP Support Group", Forum.Kind.SUPPORT_GROUP, organisations=[council])
    board_forum = make.forum(plan, "LSP Board", Forum.Kind.BOARD, organisations=[council])
    themes = {
        key: make.theme(plan, number, key.title(), forums[key])
        for number, key in enumerate(["safety", "environment", "health", "housing", "learning"], start=1)
    }
    periods = make.periods((2013, 1), (2014, 1))
    period = make.period(2014, 2)
    period.return_deadline = today - datetime.timedelta(days=10)
    period.save()
    open_period = make.period(2014, 3, ReportingPeriod.Status.OPEN)
    open_period.return_deadline = today + datetime.timedelta(days=20)
    open_period.save()
    make.period(2014, 4, ReportingPeriod.Status.UPCOMING)
    periods[(2014, 2)] = period
    boxmoor = make.area("Boxmoor", "W01")
    highfield = make.area("Highfield", "W02")

    def indicator(theme, code, title, targets=None, values=None, **fields):
        made = make.indicator(themes[theme], code, title, **fields)
        for year, value in (targets or {}).items():
            make.target(made, year, value)
        for key, value in (values or {}).items():
            make.measurement(made, periods[key], value)
        return made

    indicators = {
        "S1": indicator(
            "safety", "S1", "Feel safe", {2014: 70}, {(2013, 2): 65, (2014, 2): 60}, unit="percent", order=1
        ),
        "S2": indicator(
            "safety",
            "S2",
            "Recorded crime",
            {2014: 4000},
            {(2013, 1): 1100, (2013, 2): 1000, (2014, 1): 950, (2014, 2): 1000},
            polarity="lower",
            cumulative=True,
            area_kind="ward",
            order=2,
        ),
        "S3": indicator(
            "safety",
            "S3",
            "Anti-social behaviour",
            {2014: 100},
            {(2013, 2): 100, (2014, 2): 104},
            polarity="lower",
            order=3,
        ),
        "E1": indicator(
            "environment",
            "E1",
            "Recycling",
            {2014: 50},
            {(2013, 2): 45, (2014, 2): 40},
            unit="percent",
            area_kind="ward",
            order=1,
        ),
        "E2": indicator(
            "environment",
            "E2",
            "Litter",
            None,
            {(2013, 2): 12, (2014, 2): 12},
            polarity="lower",
            unit="percent",
            definition="Streets surveyed with unacceptable litter.",
            order=2,
        ),
        "E3": indicator(
            "environment", "E3", "Air quality", {2014: 80}, {(2013, 2): 75, (2014, 2): 78}, unit="percent", order=3
        ),
        "H1": indicator(
            "health", "H1", "Secret measure", {2014: 10}, {(2014, 2): 13}, polarity="lower", is_public=False, order=1
        ),
        "H2": indicator("health", "H2", "Life expectancy", {2014: 80}, {(2014, 2): 81}, unit="years", order=2),
        "O1": indicator("housing", "O1", "Homes", {2014: 100}, {(2013, 2): 90}),
    }
    for key, (box, high) in {(2014, 1): (400, 550), (2014, 2): (450, 550)}.items():
        make.measurement(indicators["S2"], periods[key], box, area=boxmoor)
        make.measurement(indicators["S2"], periods[key], high, area=highfield)
    make.measurement(indicators["E1"], period, 38, area=boxmoor)
    make.measurement(indicators["E1"], period, 42, area=highfield)

    deadline = period.return_deadline
    QuarterlyReturn.objects.create(
        forum=forums["safety"],
        period=period,
        status=QuarterlyReturn.Status.APPROVED,
        submitted_at=_aware(deadline + datetime.timedelta(days=2)),
        approved_at=_aware(deadline + datetime.timedelta(days=4)),
    )
    QuarterlyReturn.objects.create(
        forum=forums["environment"],
        period=period,
        status=QuarterlyReturn.Status.SUBMITTED,
        submitted_at=_aware(deadline - datetime.timedelta(days=1)),
    )
    QuarterlyReturn.objects.create(
        forum=forums["health"], period=period, status=QuarterlyReturn.Status.RETURNED, returned_reason="Fix H1."
    )
    QuarterlyReturn.objects.create(forum=forums["housing"], period=period, status=QuarterlyReturn.Status.DRAFT)
    QuarterlyReturn.objects.create(forum=forums["learning"], period=open_period, status=QuarterlyReturn.Status.DRAFT)

    users = {
        "outsider": make.user("outsider"),
        "officer": make.user("officer", Role.OFFICER, police),
        "forum_lead": make.user("forum_lead", Role.FORUM_LEAD, council, forums["safety"]),
        "support": make.user("support", Role.SUPPORT_GROUP, council, support_forum),
        "board": make.user("board", Role.BOARD, council, board_forum),
    }
    return Board(
        plan=plan,
        forums=forums,
        themes=themes,
        indicators=indicators,
        areas={"boxmoor": boxmoor, "highfield": highfield},
        period=period,
        open_period=open_period,
        today=today,
        users=users,
    )


# Built once for the consecutive tests that ask for it, each rolled back to it (the root conftest.py's SharedData).
SHARED_DATA = {"board": (_build_board, ("make",))}


@pytest.fixture
def board_client(client, board):
    client.force_login(board.users["board"])
    return client


# --- Reading tables off a page ------------------------------------------------------------------


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_LEAVES = {"path", "circle", "rect", "line", "polyline", "polygon", "stop"}


@dataclass
class Table:
    caption: str = ""
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Tables (caption, header cells, body rows) as the text a person reads, and a tag-balance check.

    Visually hidden text and sort-state notes are left out of cells; an SVG's ``<title>``
    (the sparkline's words) is kept, as a screen reader reads it.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.problems: list[str] = []
        self._skip_depth = 0
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._section = ""
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag not in VOID and not (tag in SVG_LEAVES and self.stack and "svg" in self.stack):
            self.stack.append(tag)
        classes = (attrs.get("class") or "").split()
        hidden = "visually-hidden" in classes or "sort-state" in classes
        if (self._skip_depth or hidden) and tag not in VOID:
            self._skip_depth += 1
        if tag == "table":
            self.tables.append(Table())
        elif tag == "caption":
            self._in_caption = True
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in SVG_LEAVES and "svg" in self.stack:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
        elif self.stack:
            self.stack.pop()
        if self._skip_depth:
            self._skip_depth -= 1
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if self._section == "thead":
                table.head = self._row
            elif self._section == "tbody":
                table.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._skip_depth:
            return
        if self._in_caption and self.tables:
            self.tables[-1].caption += data
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def table(html: str, caption_start: str) -> Table:
    found = [t for t in parse(html).tables if " ".join(t.caption.split()).startswith(caption_start)]
    assert len(found) == 1, [t.caption for t in parse(html).tables]
    return found[0]


def check_page(response, title: str) -> str:
    """200, its title, one h1, breadcrumbs, balanced tags, unique ids, every table captioned with scoped headers."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert f"<title>{title} — LSP Portal</title>" in html
    assert html.count("<h1") == 1
    assert '<nav aria-label="Breadcrumb">' in html
    parsed = parse(html)
    assert parsed.problems == []
    assert parsed.stack == [], parsed.stack
    assert len(parsed.ids) == len(set(parsed.ids)), sorted(i for i in parsed.ids if parsed.ids.count(i) > 1)
    assert html.count("<table") == html.count("<caption")
    assert not re.search(r"<th(?=[\s>])(?![^>]*scope=)[^>]*>", html), "every header cell says its scope"
    assert "<script" not in html.split("</main>")[0].split('<main id="main"')[1]  # works without JavaScript
    return html


# --- Who may see it -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, TABLE, "/dashboard/indicators/feel-safe/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, board, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("persona", ["outsider", "officer"])
@pytest.mark.parametrize("url", [DASHBOARD, TABLE, f"{TABLE}?format=csv", "/dashboard/indicators/feel-safe/"])
def test_outsiders_and_officers_are_refused(client, board, persona, url):
    client.force_login(board.users[persona])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["board", "support", "forum_lead"])
@pytest.mark.parametrize("url", [DASHBOARD, TABLE, f"{TABLE}?format=xlsx", "/dashboard/indicators/secret-measure/"])
def test_board_support_group_and_forum_leads_may_see_it(client, board, persona, url):
    client.force_login(board.users[persona])
    assert client.get(url).status_code == 200


# --- The dashboard ------------------------------------------------------------------------------


def test_dashboard_defaults_to_the_latest_closed_quarter_in_a_fixed_number_of_queries(
    board_client, board, django_assert_num_queries
):
    # 1 session, 2 user, 3 the user's memberships, 4 current plan, 5 reporting periods,
    # 6 themes with lead forums, 7 the plan's indicators with their judged figures at the
    # period, 8 the plan's lead forums with their returns for the period, 9 themes and
    # 10 comment counts for "what residents are saying".
    with django_assert_num_queries(10):
        response = board_client.get(DASHBOARD)
    html = check_page(response, "Board dashboard")
    # The content is then shared until something it shows changes: 1–4 as above.
    with django_assert_num_queries(4):
        again = board_client.get(DASHBOARD).content.decode()

    def main(page: str) -> str:
        return page[page.index("<main") : page.index("</main>")]

    assert main(again) == main(html)
    assert ReportingPeriod.objects.latest_closed() == board.period
    assert "Figures at <strong>2014/15 Q2</strong>" in html
    assert f"Returns as at <strong>{board.today:%-d %B %Y}</strong>" in html
    assert f'<option value="{board.period.pk}" selected>2014/15 Q2</option>' in html
    assert "2014/15 Q4" not in html  # upcoming quarters are not offered


def test_dashboard_rag_counts_by_theme_are_the_hand_worked_ones(board_client, board):
    html = board_client.get(DASHBOARD).content.decode()
    rag = table(html, "Number of indicators at each status, by theme")
    assert rag.head == ["Theme", "On target", "Near target", "Off target", "No target", "No data", "Total"]
    assert rag.rows == [
        ["1. Safety", "1", "1", "1", "0", "0", "3"],
        ["2. Environment", "0", "1", "1", "1", "0", "3"],
        ["3. Health", "1", "0", "1", "0", "0", "2"],
        ["4. Housing", "0", "0", "0", "0", "1", "1"],
        ["5. Learning", "0", "0", "0", "0", "0", "0"],
    ]
    assert "9 indicators at 2014/15 Q2: 2 on target, 2 near target, 3 off target, 1 no target, 1 no data." in html
    assert "These include 1 not published on the public site." in html
    # The stacked bar chart: an image with its own title and description, and the same totals.
    assert 'role="img" aria-labelledby="chart-rag-by-theme-title chart-rag-by-theme-desc"' in html
    assert '<title id="chart-rag-by-theme-title">Indicators by status and theme, 2014/15 Q2</title>' in html
    assert "In all, 2 on target (solid), 2 near target (hatched), 3 off target (cross-hatched)" in html


def test_dashboard_lists_exceptions_furthest_from_target_first(board_client, board):
    html = board_client.get(DASHBOARD).content.decode()
    exceptions = table(html, "Exceptions at 2014/15 Q2")
    assert [(row[0], row[4], row[5], row[6]) for row in exceptions.rows] == [
        ("Secret measure H1 · not published", "30.0%", "Off target", "Not known"),
        # Percentages: short of target, and changed, by percentage points, never by a % of a percentage.
        ("Recycling E1", "10.0 percentage points", "Off target", "Worsening down 5.0 percentage points on last year"),
        ("Feel safe S1", "10.0 percentage points", "Off target", "Worsening down 5.0 percentage points on last year"),
        ("Anti-social behaviour S3", "4.0%", "Near target", "Worsening +4.0% on last year"),
    ]
    assert "Air quality" not in " ".join(row[0] for row in exceptions.rows)  # amber but improving


def test_dashboard_shows_return_completeness_with_days_late(board_client, board):
    html = board_client.get(DASHBOARD).content.decode()
    returns = table(html, "Each lead forum's return for 2014/15 Q2")
    assert [row[:4] for row in returns.rows] == [
        ["Environment Forum", "2. Environment", "Submitted, awaiting sign-off", "—"],
        ["Health Forum", "3. Health", "Returned for changes", "10"],
        ["Housing Forum", "4. Housing", "Late: started, not submitted", "10"],
        ["Learning Forum", "5. Learning", "Missing: not started", "10"],
        ["Safety Forum", "1. Safety", "Approved", "2 at submission"],
    ]
    counts = re.findall(r'<li class="state [^"]*"><strong class="num">(\d+)</strong> ([^<]+)</li>', html)
    assert counts == [
        ("1", "approved"),
        ("1", "submitted, awaiting sign-off"),
        ("1", "returned for changes"),
        ("1", "late: started, not submitted"),
        ("1", "missing: not started"),
    ]
    deadline = board.period.return_deadline
    assert f"were due by <strong>{deadline:%-d %B %Y}</strong>, 10 days ago." in html
    # The board may open every forum's return.
    assert reverse("returns:return-detail", args=[board.forums["housing"].pk, board.period.pk]) in html


def test_forum_leads_see_the_whole_dashboard_but_link_only_their_own_return(client, board):
    client.force_login(board.users["forum_lead"])
    html = client.get(DASHBOARD).content.decode()
    assert reverse("returns:return-detail", args=[board.forums["safety"].pk, board.period.pk]) in html
    assert reverse("returns:return-detail", args=[board.forums["housing"].pk, board.period.pk]) not in html
    assert len(table(html, "Exceptions at 2014/15 Q2").rows) == 4


def test_an_open_period_before_its_deadline_is_not_yet_due(board_client, board):
    html = board_client.get(f"{DASHBOARD}?period={board.open_period.pk}").content.decode()
    returns = table(html, "Each lead forum's return for 2014/15 Q3")
    assert {row[2] for row in returns.rows} == {"Not yet due draft started", "Not yet due not started"}
    assert '<strong class="num">5</strong> not yet due' in html
    assert "20 days to go" in html


@pytest.mark.parametrize(
    ("status", "submitted", "expected"),
    [
        (None, None, (ReturnState.MISSING, 3)),
        ("draft", None, (ReturnState.LATE, 3)),
        ("returned", None, (ReturnState.RETURNED, 3)),
        ("submitted", -1, (ReturnState.SUBMITTED, 0)),
        ("submitted", 0, (ReturnState.SUBMITTED, 0)),
        ("approved", 5, (ReturnState.APPROVED, 5)),
    ],
)
def test_return_state_after_the_deadline(status, submitted, expected):
    deadline = datetime.date(2015, 7, 30)
    today = deadline + datetime.timedelta(days=3)
    ret = None
    if status:
        ret = QuarterlyReturn(status=status)
        if submitted is not None:
            ret.submitted_at = _aware(deadline + datetime.timedelta(days=submitted))
    assert return_state(ret, period=ReportingPeriod(return_deadline=deadline), today=today) == expected


def test_return_state_on_the_deadline_day_is_not_yet_due():
    deadline = datetime.date(2015, 7, 30)
    period = ReportingPeriod(return_deadline=deadline)
    assert return_state(None, period=period, today=deadline) == (ReturnState.NOT_DUE, 0)
    assert return_state(QuarterlyReturn(status="returned"), period=period, today=deadline) == (
        ReturnState.RETURNED,
        0,
    )


def test_a_bad_period_is_said_next_to_the_field_and_the_latest_closed_quarter_shown(board_client, board):
    html = board_client.get(f"{DASHBOARD}?period=nonsense").content.decode()
    assert "There is no reporting period to show for “nonsense”: showing 2014/15 Q2 instead." in html
    assert "Figures at <strong>2014/15 Q2</strong>" in html


def test_residents_section_counts_the_comments_published_during_the_period_shown(board_client, board):
    safety = board.themes["safety"]
    for day in (datetime.date(2014, 7, 10), datetime.date(2014, 9, 30)):  # 2014/15 Q2
        make_comment(safety, created_at=_aware(day))
    make_comment(safety, created_at=_aware(datetime.date(2014, 10, 1)))  # 2014/15 Q3

    html = board_client.get(DASHBOARD).content.decode()
    assert "What residents are saying" in html
    assert "3 published comments and replies, 2 of them published during 2014/15 Q2." in html
    assert "once comments are open" not in html

    html = board_client.get(f"{DASHBOARD}?period={board.open_period.pk}").content.decode()
    assert "3 published comments and replies, 1 of them published during 2014/15 Q3." in html


def test_with_no_quarter_open_or_closed_the_dashboard_says_so(board_client, board):
    ReportingPeriod.objects.update(status=ReportingPeriod.Status.UPCOMING)
    html = check_page(board_client.get(DASHBOARD), "Board dashboard")
    assert "There is no reporting period to show yet." in html


def test_a_return_changing_state_shows_at_once_on_the_cached_dashboard(board_client, board):
    def housing_state() -> str:
        rows = table(board_client.get(DASHBOARD).content.decode(), "Each lead forum's return for 2014/15 Q2").rows
        return next(row[2] for row in rows if row[0] == "Housing Forum")

    assert housing_state() == "Late: started, not submitted"
    housing = QuarterlyReturn.objects.get(forum=board.forums["housing"], period=board.period)
    housing.status = QuarterlyReturn.Status.SUBMITTED
    housing.submitted_at = timezone.now()
    housing.save()
    assert housing_state() == "Submitted, awaiting sign-off"


def test_viewers_with_a_different_reach_do_not_share_the_cached_dashboard(client, board):
    housing_return = reverse("returns:return-detail", args=[board.forums["housing"].pk, board.period.pk])
    client.force_login(board.users["board"])
    assert housing_return in client.get(DASHBOARD).content.decode()
    client.force_login(board.users["forum_lead"])  # leads the safety forum only
    assert housing_return not in client.get(DASHBOARD).content.decode()


def test_dashboard_has_a_print_stylesheet_and_prints_the_period_and_date(board_client, board):
    html = board_client.get(DASHBOARD).content.decode()
    assert '<link rel="stylesheet" href="/static/css/dashboard.css">' in html
    assert '<p class="dashboard-as-of">' in html  # printed at the top, boxed
    from django.contrib.staticfiles import finders

    with open(finders.find("css/dashboard.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_css = css.split("@media print {")[1]
    for rule in (".site-header", ".site-footer", "form", "break-inside: avoid", "display: table-header-group"):
        assert rule in print_css


# --- The indicators table -----------------------------------------------------------------------


def _codes(html: str) -> list[str]:
    return [row[0] for row in table(html, "Indicators at").rows]


def test_table_lists_every_indicator_in_a_fixed_number_of_queries(board_client, board, django_assert_num_queries):
    # 1 session, 2 user, 3 the user's memberships, 4 current plan, 5 reporting periods,
    # 6 themes with lead forums (the theme and forum choices), 7 areas (choices),
    # 8 filtered indicators, 9 the borough's judged figures of the last 12 quarters.
    with django_assert_num_queries(9):
        response = board_client.get(TABLE)
    html = check_page(response, "Indicators at 2014/15 Q2 — Board dashboard")
    assert _codes(html) == ["S1", "S2", "S3", "E1", "E2", "E3", "H1", "H2", "O1"]
    rows = {row[0]: row for row in table(html, "Indicators at").rows}
    assert rows["S2"][1:8] == [
        "Recorded crime",
        "1. Safety",
        "Number, year to date",
        "1,950",
        "2,000",
        "On target",
        "Improving −7.1% on last year",
    ]
    assert rows["H1"][1] == "Secret measure (not published)"
    assert rows["O1"][4:7] == ["No data", "None set", "No data"]  # as on the theme page: no value, no judgement
    assert rows["E2"][5] == "None set"
    assert rows["S1"][8] == "From 65% in 2013/14 Q2 to 60% in 2014/15 Q2"  # the sparkline's words
    assert html.count('class="sparkline"') == 9


def test_table_with_a_area_adds_two_queries_and_shows_the_areas_value(board_client, board, django_assert_num_queries):
    boxmoor = board.areas["boxmoor"]
    # The nine above, 10 the area's judged figures at the period, 11 areas reporting each indicator.
    with django_assert_num_queries(11):
        response = board_client.get(f"{TABLE}?area={boxmoor.pk}")
    html = check_page(response, "Indicators at 2014/15 Q2 — Board dashboard")
    rows = table(html, "Indicators at").rows
    assert [(r[0], r[8], r[9]) for r in rows] == [
        ("S2", "850", "Better than the average ward"),
        ("E1", "38", "Worse than the borough"),
    ]
    assert table(html, "Indicators at").head[8:10] == ["Value in Boxmoor", "Boxmoor compared with the borough"]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("theme={safety}", ["S1", "S2", "S3"]),
        ("forum={environment_forum}", ["E1", "E2", "E3"]),
        ("rag=red", ["S1", "E1", "H1"]),
        ("rag=red&theme={environment}", ["E1"]),
        ("rag=exception", ["S1", "S3", "E1", "H1"]),
        ("trend=worsening&polarity=higher", ["S1", "E1"]),
        ("polarity=lower&rag=amber", ["S3"]),
        ("theme={safety}&trend=worsening", ["S1", "S3"]),
        ("area={boxmoor}", ["S2", "E1"]),
        ("area={boxmoor}&rag=red", ["E1"]),
        ("area={boxmoor}&theme={safety}&trend=improving", ["S2"]),
        ("q=recycl", ["E1"]),
        ("q=SURVEYED", ["E2"]),  # the definition, whatever the case
        ("q=s1", ["S1"]),
        ("q=crime+recorded", ["S2"]),
        ("rag=no_data", ["O1"]),
        ("rag=no_target&trend=stable", ["E2"]),
        ("trend=no_data", ["H1", "H2", "O1"]),
        ("rag=green&theme={housing}", []),
    ],
)
def test_combined_filters_give_exactly_the_right_rows(board_client, board, query, codes):
    query = query.format(
        safety=board.themes["safety"].pk,
        environment=board.themes["environment"].pk,
        housing=board.themes["housing"].pk,
        environment_forum=board.forums["environment"].pk,
        boxmoor=board.areas["boxmoor"].pk,
    )
    html = board_client.get(f"{TABLE}?{query}").content.decode()
    if codes:
        assert _codes(html) == codes
    else:
        assert "No indicators match these filters." in html


def test_filters_are_labelled_and_keep_their_values_in_a_get_form(board_client, board):
    html = board_client.get(f"{TABLE}?q=recycl&rag=red&sort=-code").content.decode()
    assert re.search(r'<form [^>]*class="filter-form" method="get"', html)
    for name, label in [
        ("q", "Search"),
        ("theme", "Theme"),
        ("forum", "Lead forum"),
        ("area", "Area"),
        ("polarity", "Which way is better"),
        ("rag", "Status"),
        ("trend", "Direction of travel"),
        ("period", "Reporting period"),
    ]:
        assert re.search(rf'<label\s+for="id_{name}"[^>]*>\s*{label}\s*</label>', html), name
    assert 'value="recycl"' in html
    assert '<option value="red" selected>' in html
    assert '<input type="hidden" name="sort" value="-code"' in html


def test_rows_sort_by_whitelisted_columns_with_the_direction_in_words(board_client, board):
    html = board_client.get(f"{TABLE}?sort=rag").content.decode()
    # Red, then amber, each furthest from target first; green closest to missing first; then the rest.
    assert _codes(html) == ["H1", "E1", "S1", "S3", "E3", "H2", "S2", "E2", "O1"]
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-rag" class="sort-link">Status' in html
    assert '<span class="sort-state">(sorted worst first)</span>' in html
    assert '<span class="visually-hidden">: sort best first</span>' in html
    assert _codes(board_client.get(f"{TABLE}?sort=-code").content.decode()) == sorted(
        ["S1", "S2", "S3", "E1", "E2", "E3", "H1", "H2", "O1"], reverse=True
    )
    assert _codes(board_client.get(f"{TABLE}?sort=title").content.decode())[:3] == ["E3", "S3", "S1"]
    # Anything else falls back to the plan's order.
    assert _codes(board_client.get(f"{TABLE}?sort=definition").content.decode())[0] == "S1"


def test_table_is_paginated_25_to_a_page_with_the_filters_in_every_link(board_client, board, make):
    for n in range(20):
        make.indicator(board.themes["learning"], f"L{n:02d}", f"Learning measure {n:02d}", order=n)
    html = board_client.get(f"{TABLE}?sort=code").content.decode()
    assert len(table(html, "Indicators at").rows) == 25
    assert "Showing 1 to 25 of 29 indicators" in html
    assert '<a class="page-link" href="?sort=code&amp;page=2" rel="next">Next page</a>' in html
    page_two = board_client.get(f"{TABLE}?sort=code&page=2").content.decode()
    assert _codes(page_two) == ["O1", "S1", "S2", "S3"]
    # Exports carry every filtered row, not only the page.
    export = board_client.get(f"{TABLE}?sort=code&page=2&format=csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(export)))) == 1 + 29


def test_table_at_another_period_judges_that_period(board_client, board):
    period = ReportingPeriod.objects.get(financial_year=2013, quarter=2)
    html = board_client.get(f"{TABLE}?period={period.pk}").content.decode()
    rows = {row[0]: row for row in table(html, "Indicators at 2013/14 Q2").rows}
    assert rows["S1"][4:7] == ["65", "None set", "No target"]


# --- Exports equal the screen -------------------------------------------------------------------


def _number(text: str) -> D | None:
    return None if text in ("No data", "None set") else D(text.replace(",", ""))


def _assert_export_equals_screen(screen: Table, header: list, rows: list[list], numeric: set[int]):
    assert header == screen.head
    assert len(rows) == len(screen.rows)
    for exported, shown in zip(rows, screen.rows, strict=True):
        for index, (cell, text) in enumerate(zip(exported, shown, strict=True)):
            if index in numeric:
                assert (None if cell in ("", None) else D(str(cell))) == _number(text), (shown[0], index)
            else:
                assert cell == text, (shown[0], index)


@pytest.mark.parametrize("query", ["", "area={boxmoor}&sort=-code", "rag=exception&sort=rag", "q=litter"])
def test_csv_and_excel_exports_have_the_same_rows_and_columns_as_the_page(board_client, board, query):
    query = query.format(boxmoor=board.areas["boxmoor"].pk)
    screen = table(board_client.get(f"{TABLE}?{query}").content.decode(), "Indicators at")
    numeric = {i for i, heading in enumerate(screen.head) if heading in ("Latest value", "Target")} | {
        i for i, heading in enumerate(screen.head) if heading.startswith("Value in ")
    }

    response = board_client.get(f"{TABLE}?{query}&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="indicators-2014-15-q2')
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    _assert_export_equals_screen(screen, header, rows, numeric)

    response = board_client.get(f"{TABLE}?{query}&format=xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Indicators"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    _assert_export_equals_screen(screen, header, rows, numeric)


def test_excel_figures_are_numbers_formatted_in_their_unit(board_client, board):
    response = board_client.get(f"{TABLE}?q=feel&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Indicators"]
    value, target = sheet["E2"], sheet["F2"]
    assert (value.value, target.value) == (60, 70)
    assert value.number_format == '#,##0"%"'


def test_export_links_are_built_from_the_current_query_string(board_client, board):
    html = board_client.get(f"{TABLE}?rag=red&page=1&sort=rag").content.decode()
    assert '<a href="?rag=red&amp;sort=rag&amp;format=csv" download>' in html
    assert '<a href="?rag=red&amp;sort=rag&amp;format=xlsx" download>' in html


def test_exports_neutralise_spreadsheet_formulas_in_text(board_client, board):
    crime = board.indicators["S2"]
    crime.title = '=HYPERLINK("http://evil.example","Click")'
    crime.save()
    html = board_client.get(f"{TABLE}?q=S2").content.decode()
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;Click&quot;)" in html  # escaped on the page

    rows = list(csv.reader(io.StringIO(board_client.get(f"{TABLE}?q=S2&format=csv").content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","Click")'
    sheet = openpyxl.load_workbook(io.BytesIO(board_client.get(f"{TABLE}?q=S2&format=xlsx").content))["Indicators"]
    assert sheet["B2"].value == '\'=HYPERLINK("http://evil.example","Click")'
    assert sheet["B2"].data_type == "s"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1+1", "'=1+1"), ("+44", "'+44"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("Crime", "Crime")],
)
def test_spreadsheet_safe(text, expected):
    assert spreadsheet_safe(text) == expected


# --- Indicator analysis -------------------------------------------------------------------------


def test_analysis_of_a_cumulative_area_indicator(board_client, board, django_assert_num_queries):
    crime = board.indicators["S2"]
    # 1 session, 2 user, 3 the user's memberships, 4 the indicator with theme, plan, lead forum
    # and baseline period, 5 reporting periods, 6 borough values, 7 targets, 8 change log,
    # 9 area values at the period.
    with django_assert_num_queries(9):
        response = board_client.get(reverse("dashboard:indicator-analysis", args=[crime.slug]))
    html = check_page(response, "Recorded crime: analysis — Board dashboard")
    assert "chart-recorded-crime-title" in html  # full series with target and last year
    assert "Same quarter last year" in html
    assert "chart-recorded-crime-ytd-title" in html  # year to date
    assert "year to date at each quarter from 2013/14 Q1 to 2014/15 Q2" in html
    areas = table(html, "Recorded crime by ward, 2014/15 Q2")
    assert areas.rows == [
        ["Boxmoor", "850", "Better than the average ward"],
        ["Highfield", "1,100", "Worse than the average ward"],
    ]
    assert '<tr class="row-worse">' in html
    assert "their bars are hatched" in html
    assert '<details class="chart-table">' in html  # the series as a table


def test_analysis_of_a_borough_only_indicator_needs_one_query_less(board_client, board, django_assert_num_queries):
    with django_assert_num_queries(8):
        response = board_client.get(reverse("dashboard:indicator-analysis", args=["feel-safe"]))
    html = check_page(response, "Feel safe: analysis — Board dashboard")
    assert "By area" not in html
    assert "chart-feel-safe-ytd" not in html


def test_analysis_shows_unpublished_indicators_marked_as_such(board_client, board):
    html = board_client.get(reverse("dashboard:indicator-analysis", args=["secret-measure"])).content.decode()
    assert "<strong>Not published.</strong>" in html
    assert "its public page" not in html
    # The public page stays closed.
    assert board_client.get("/indicators/secret-measure/").status_code == 404


def test_analysis_at_a_chosen_period_compares_areas_then(board_client, board):
    url = reverse("dashboard:indicator-analysis", args=["recycling"])
    html = board_client.get(f"{url}?period={board.period.pk}").content.decode()
    assert table(html, "Recycling by ward, 2014/15 Q2").rows == [
        ["Boxmoor", "38%", "Worse than the borough"],
        ["Highfield", "42%", "Better than the borough"],
    ]
    earlier = ReportingPeriod.objects.get(financial_year=2014, quarter=1)
    html = board_client.get(f"{url}?period={earlier.pk}").content.decode()
    assert "No ward figures have been published for 2014/15 Q1." in html


# --- The same query counts on the demo and on 170,000 measurements ------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _counts(client, plan) -> dict[str, int]:
    indicators = Indicator.objects.filter(theme__plan=plan).order_by("theme__number", "order")
    cumulative_by_area = indicators.filter(cumulative=True).by_area().first()
    borough_only = indicators.filter(area_kind="").first()
    area = cumulative_by_area.measurements.filter(area__isnull=False).first().area
    theme = plan.themes.order_by("number").first()
    return {
        "dashboard": _count(client, DASHBOARD),
        "table": _count(client, TABLE),
        "table, filtered and sorted": _count(client, f"{TABLE}?theme={theme.pk}&rag=green&q=a&sort=-rag&page=1"),
        "table with an area": _count(client, f"{TABLE}?area={area.pk}"),
        "table as CSV": _count(client, f"{TABLE}?format=csv"),
        "table as Excel": _count(client, f"{TABLE}?area={area.pk}&format=xlsx"),
        "analysis, cumulative by area": _count(client, f"/dashboard/indicators/{cumulative_by_area.slug}/"),
        "analysis, borough only": _count(client, f"/dashboard/indicators/{borough_only.slug}/"),
    }


@pytest.mark.slow
def test_dashboard_query_counts_are_the_same_for_the_demo_and_170000_measurements(client, settings):
    from demo.loader import load_demo
    from demo.synthetic import PLAN_SLUG, generate
    from indicators.models import Measurement
    from partnership.models import CommunityPlan, User

    settings.DASHBOARD_CACHE_SECONDS = 0  # what making the page costs, not serving it from the cache
    load_demo()
    client.force_login(User.objects.get(username="board"))
    demo = CommunityPlan.objects.current()
    demo_counts = _counts(client, demo)

    generate(scale=1.0)
    synthetic = CommunityPlan.objects.current()
    assert synthetic.slug == PLAN_SLUG
    assert Measurement.objects.count() > 150_000
    synthetic_counts = _counts(client, synthetic)

    expected = {
        "dashboard": SIGNED_IN + 7,  # with "what residents are saying"
        "table": SIGNED_IN + 6,
        "table, filtered and sorted": SIGNED_IN + 6,
        "table with an area": SIGNED_IN + 8,
        "table as CSV": SIGNED_IN + 6,
        "table as Excel": SIGNED_IN + 8,
        "analysis, cumulative by area": SIGNED_IN + 6,
        "analysis, borough only": SIGNED_IN + 5,
    }
    assert demo_counts == expected
    assert synthetic_counts == expected


def _quarter(year, quarter, status, deadline):
    return ReportingPeriod(financial_year=year, quarter=quarter, status=status, return_deadline=deadline)


def test_the_dashboard_opens_on_the_quarter_whose_returns_are_due_open_or_closed():
    closed = _quarter(2025, 1, ReportingPeriod.Status.CLOSED, datetime.date(2025, 7, 31))
    collecting = _quarter(2025, 2, ReportingPeriod.Status.OPEN, datetime.date(2025, 10, 31))
    current = _quarter(2025, 3, ReportingPeriod.Status.OPEN, datetime.date(2026, 1, 31))
    periods = [current, collecting, closed]
    assert default_period(periods, today=datetime.date(2025, 11, 20)) is collecting
    assert default_period(periods, today=datetime.date(2025, 10, 31)) is closed  # due today: not yet late
    assert default_period([current], today=datetime.date(2025, 11, 20)) is None


def test_days_since_the_deadline_are_said_only_while_a_return_is_outstanding():
    period = _quarter(2014, 4, ReportingPeriod.Status.CLOSED, datetime.date(2015, 4, 30))
    all_in = [SimpleNamespace(is_outstanding=False), SimpleNamespace(is_outstanding=False)]
    one_missing = [*all_in, SimpleNamespace(is_outstanding=True)]
    years_later = datetime.date(2026, 11, 29)
    assert Completeness(period=period, today=years_later, rows=one_missing).any_outstanding
    assert not Completeness(period=period, today=years_later, rows=all_in).any_outstanding
