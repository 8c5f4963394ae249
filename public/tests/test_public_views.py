"""The residents' public pages: home, theme, indicator (and its downloads), area, monitoring.

Each page test states its query count; ``test_query_counts_at_scale.py`` proves the
counts hold on the demo plan and on 180,000 measurements.
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator

pytestmark = pytest.mark.django_db

# Queries every page with indicator data opens with.
PLAN_AND_PERIOD = 2  # the current plan; the latest closed quarter within its years


# --- Home ---------------------------------------------------------------------------------------


def test_home_shows_the_plan_its_themes_and_their_rag_counts(client, tiny_plan, public_page, django_assert_num_queries):
    # 1 current plan, 2 reporting period (the latest published quarter), 3 themes with lead forums,
    # 4 public indicators, 5 each one's latest published judged figure up to the period,
    # 6 cross-cutting themes with the themes they link.
    with django_assert_num_queries(6):
        response = client.get("/")
    html = public_page(response, "Tiny Plan", breadcrumbs=False)
    assert "A borough to be proud of." in html
    assert '<a href="/themes/safety/"><span class="theme-number">1.</span> Safety</a>' in html
    assert "Lead forum: Community Safety Partnership" in html
    assert "<strong>1</strong> on target" in html
    assert "<strong>1</strong> near target" in html
    assert "<strong>1</strong> off target" in html
    # Recycling has no value at 2014/15 Q2: its last published one (2013/14 Q2, no target then) counts.
    assert "<strong>2</strong> no target" in html
    assert "no data" not in html
    assert "2014/15 Q2" in html
    assert "Rejuvenating Tinyborough" in html
    assert "Secret internal measure" not in html
    assert "Illustrative figures" not in html


def test_home_without_a_plan_is_a_friendly_page(client, partnership, public_page, django_assert_num_queries):
    # 1 adopted plan, 2 any plan: neither exists.
    with django_assert_num_queries(2):
        response = client.get(reverse("home"))
    html = public_page(response, "Welcome", breadcrumbs=False)
    assert "has not published its community plan here yet" in html


def test_home_says_when_figures_are_illustrative(client, tiny_plan):
    tiny_plan.crime.is_illustrative = True
    tiny_plan.crime.save()
    assert "<strong>Illustrative figures.</strong>" in client.get("/").content.decode()


# --- Theme page ---------------------------------------------------------------------------------


def test_theme_page_shows_vision_objectives_and_indicator_table(
    client, tiny_plan, public_page, django_assert_num_queries
):
    # 1 current plan, 2 the theme with plan and lead forum, 3 reporting period, 4 the theme's
    # outline in one (partners, outcomes, objectives and actions with their owners' names,
    # achievements, linked strategies, cross-cutting themes), 5 public indicators,
    # 6 the borough's judged figures of the last 12 quarters, 7 each indicator's latest
    # published judged figure; the consultation app's sections (page_sections): 8 adopted
    # suggestions ("you said, we did"; one more for their achievements when there are some),
    # 9 the comment counts of the theme and of each of its objectives, 10 the latest comments.
    with django_assert_num_queries(10):
        response = client.get(tiny_plan.safety.get_absolute_url())
    html = public_page(response, "Safety — Tiny Plan")
    assert '<li class="breadcrumb-item active" aria-current="page">Theme 1: Safety</li>' in html
    assert "A borough where people feel safe." in html
    assert "<strong>Lead forum:</strong> Community Safety Partnership" in html
    assert "Older people feel safe" in html
    assert "Better relations with the police" in html
    assert ">On track</span>" in html  # objective status in words
    assert "Area panels every quarter" in html
    assert "CCTV upgraded in the town centre" in html
    assert '<a href="https://example.org/css" rel="external noopener">Community Safety Strategy</a>' in html
    # RAG and trend as words, each beside its own shape.
    for label in ("On target", "Near target", "Off target"):
        assert f'<span class="rag-label">{label}</span>' in html
    assert '<span class="trend-label">Improving</span>' in html
    assert "rag-icon-red" in html
    assert "trend-icon-improving" in html
    # Values in their units, the year to date said so, provisional said so.
    assert "1,950" in html
    assert "year to date" in html
    assert "66.0%" in html
    assert "provisional" in html
    assert 'class="sparkline"' in html
    assert "Secret internal measure" not in html


def test_theme_page_says_when_figures_are_illustrative(client, tiny_plan):
    tiny_plan.feel_safe.measurements.update(is_illustrative=True)
    # A bulk update sends no signal: judge again, as the bulk jobs that set the flag do.
    services.indicator_status_refresh(indicators=Indicator.objects.filter(pk=tiny_plan.feel_safe.pk))
    html = client.get(tiny_plan.safety.get_absolute_url()).content.decode()
    assert "<strong>Illustrative figures.</strong>" in html
    assert "illustrative figures</span>" in html  # and on the indicator's row


def test_theme_page_of_an_unknown_theme_is_not_found(client, tiny_plan):
    assert client.get("/themes/no-such-theme/").status_code == 404


# --- Indicator page -----------------------------------------------------------------------------


def test_indicator_page_of_a_cumulative_by_area_indicator(client, tiny_plan, public_page, django_assert_num_queries):
    # 1 the public indicator with theme, plan, lead forum and baseline period, 2 current plan,
    # 3 reporting period, 4 the quarter of the indicator's latest published figure, 5 borough
    # values with their periods (for their notes), 6 the borough's judged figures, 7 change log,
    # 8 the areas' judged figures (this year up to the period, for the year to date);
    # the consultation app's comments section (page_sections): 9 the comment count, 10 the latest comments.
    with django_assert_num_queries(10):
        response = client.get(tiny_plan.crime.get_absolute_url())
    html = public_page(response, "Recorded crime — Tiny Plan")
    assert '<a href="/themes/safety/">Theme 1: Safety</a>' in html
    assert "How recorded crime is counted." in html
    assert "Lower is better: a fall is an improvement." in html
    assert "Adds up over the year" in html
    assert "4,200 (2013/14 Q4)" in html  # baseline
    assert 'role="img"' in html and 'aria-labelledby="chart-recorded-crime-title' in html
    assert "2014/15 Q2" in html and "2013/14 Q3" in html  # every quarter, a gap included
    assert '<span class="rag-label">On target</span>' in html
    # Ward breakdown: counts are compared with the average ward; the worse one is marked.
    assert "divided by the 2 wards, 975" in html
    assert '<tr class="row-worse">' in html
    assert ">Worse than the average ward</span>" in html
    assert ">Better than the average ward</span>" in html
    assert 'id="chart-recorded-crime-areas"' in html
    # Public change log.
    assert "The Board raised its ambition after a good year." in html
    assert "<td>4200</td>" in html and "<td>4000</td>" in html
    assert 'href="/indicators/recorded-crime.csv"' in html
    assert 'href="/indicators/recorded-crime.json"' in html


def test_with_more_areas_than_a_chart_can_show_the_indicator_page_keeps_only_the_table(client, tiny_plan, monkeypatch):
    from indicators import selectors

    monkeypatch.setattr(selectors, "AREA_CHART_MAX_BARS", 1)  # the tiny plan has 2 areas
    html = client.get(tiny_plan.crime.get_absolute_url()).content.decode()
    assert 'id="chart-recorded-crime-areas"' not in html
    assert "With 2 wards a bar chart would be too long to read" in html
    assert ">Worse than the average ward</span>" in html and ">Better than the average ward</span>" in html


def test_indicator_page_shows_provisional_status_and_revision_notes(
    client, tiny_plan, public_page, django_assert_num_queries
):
    # As above without the area values: the indicator is not reported by area (the
    # consultation app's comments section is 2 of the 9).
    with django_assert_num_queries(9):
        response = client.get(tiny_plan.feel_safe.get_absolute_url())
    html = public_page(response, "Feel safe — Tiny Plan")
    assert "<strong>Provisional:</strong>" in html
    assert "Revised from 65.5 after late survey returns." in html
    assert "Higher is better: a rise is an improvement." in html
    assert '<span class="rag-label">Off target</span>' in html
    assert "By area" not in html


@pytest.mark.parametrize("suffix", ["/", ".csv", ".json"])
def test_non_public_indicator_is_not_found(client, tiny_plan, suffix):
    assert client.get(f"/indicators/{tiny_plan.secret.slug}{suffix}").status_code == 404


def test_indicator_csv_has_every_published_value(client, tiny_plan, django_assert_num_queries):
    # 1 the public indicator, 2 its measurements with periods and areas.
    with django_assert_num_queries(2):
        response = client.get("/indicators/recorded-crime.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="recorded-crime.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12
    assert rows[0]["period"] == "2013/14 Q1"
    assert rows[0]["area"] == "borough"
    assert rows[0]["value"] == "1100.0000"
    boxmoor = [r for r in rows if r["area_name"] == "Boxmoor"]
    assert [r["area_code"] for r in boxmoor] == ["W01"] * 4
    # A note that a spreadsheet would run as a formula is quoted.
    highfield_q2 = next(r for r in rows if r["area_name"] == "Highfield" and r["period"] == "2014/15 Q2")
    assert highfield_q2["note"].startswith("'=HYPERLINK")


def test_indicator_json_has_the_definition_and_every_published_value(client, tiny_plan, django_assert_num_queries):
    with django_assert_num_queries(2):  # as the CSV
        response = client.get("/indicators/feel-safe.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["indicator"]["code"] == "CS-01"
    assert document["indicator"]["polarity"] == "Higher is better"
    assert document["indicator"]["csv"] == "http://testserver/indicators/feel-safe.csv"
    assert [(m["period"], m["value"], m["status"]) for m in document["measurements"]] == [
        ("2013/14 Q2", "65.0000", "final"),
        ("2014/15 Q2", "66.0000", "provisional"),
    ]
    assert document["measurements"][1]["revision_note"].startswith("Revised from 65.5")


# --- Area page ----------------------------------------------------------------------------------


def test_area_page_shows_priorities_and_the_area_against_the_borough(
    client, tiny_plan, public_page, django_assert_num_queries
):
    # 1 the area, 2 current plan, 3 reporting period, 4 area plans with their priorities and
    # the themes they serve, 5 the plan's public by-area indicators with themes,
    # 6 the quarters that are their latest published ones, 7 the area's and the borough's
    # judged figures in those quarters (the borough's say how many areas report each).
    with django_assert_num_queries(7):
        response = client.get(tiny_plan.boxmoor.get_absolute_url())
    html = public_page(response, "Boxmoor ward — Tiny Plan")
    assert "Tackle anti-social behaviour" in html
    assert '<a href="/themes/safety/">Safety</a>' in html
    assert "2014/15" in html and "2013/14" in html
    assert "850" in html and "1,950" in html and "average ward 975" in html
    assert ">Better than the average ward</span>" in html
    assert '<span class="trend-label">Improving</span>' in html


def test_unknown_area_is_not_found(client, tiny_plan):
    assert client.get("/areas/nowhere/").status_code == 404


# --- How the plan is monitored ------------------------------------------------------------------


def test_monitoring_page_shows_forums_statement_and_calendar(client, tiny_plan, public_page, django_assert_num_queries):
    # 1 current plan, 2 its forums, 3 the themes they lead, 4 their member organisations,
    # 5 the reporting periods within the plan's years.
    with django_assert_num_queries(5):
        response = client.get(reverse("indicators:monitoring"))
    html = public_page(response, "How the plan is monitored — Tiny Plan")
    assert "Lead forums report every quarter to the LSP Support Group." in html
    assert '<a href="/themes/safety/">1. Safety</a>' in html
    assert "LSP Support Group" in html and "LSP Board" in html
    assert "The next return deadline is" in html
    assert "Open for returns" in html and "Closed" in html
    assert '<span class="rag-label">Near target</span>' in html


# --- Cross-cutting theme (the themes app's page) -------------------------------------------------


def test_cross_cutting_theme_page_lists_the_themes_it_joins(client, tiny_plan, public_page, django_assert_num_queries):
    # 1 current plan, 2 the cross-cutting theme, 3 its themes with lead forums.
    with django_assert_num_queries(3):
        response = client.get(reverse("themes:cross-cutting-detail", args=["rejuvenating"]))
    html = public_page(response, "Rejuvenating Tinyborough — Tiny Plan")
    assert '<a href="/themes/safety/">1. Safety</a>' in html
    assert '<a href="/themes/environment/">2. Environment</a>' in html


# --- Shared layout and extension points ---------------------------------------------------------


def test_the_theme_page_ends_with_you_said_we_did_then_residents_comments(client, tiny_plan):
    from consultation.models import Suggestion
    from consultation.tests.conftest import make_comment, make_suggestion

    make_suggestion(
        tiny_plan.safety,
        title="Police at area panels",
        status=Suggestion.Status.ADOPTED,
        became_action=tiny_plan.action,
    )
    make_comment(tiny_plan.safety, body="Comments on Safety")
    html = client.get(tiny_plan.safety.get_absolute_url()).content.decode()
    indicator_table = html.index(f'href="{tiny_plan.crime.get_absolute_url()}"')
    adopted, comments = html.index('id="you-said-we-did"'), html.index('id="residents-comments"')
    assert indicator_table < adopted < comments < html.index("Comments on Safety")
    assert "Police at area panels" in html


def test_signed_in_partners_see_their_returns_link_and_can_sign_out(client, personas):
    client.force_login(personas["officer"])
    html = client.get("/").content.decode()
    assert '<a href="/returns/">My returns</a>' in html
    assert 'action="/accounts/logout/"' in html
    assert "Partner sign in" not in html
