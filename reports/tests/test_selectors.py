"""The report's content: what it reads, what it leaves out, its hash, its query count."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from unittest import mock

import pytest
from django.utils import timezone

from consultation.models import Comment, Consultation, Suggestion
from indicators.models import Measurement
from reports.exceptions import ReportDataError
from reports.models import ReportIntroduction
from reports.selectors import Block, annual_report_content, content_hash, text_blocks
from themes.models import Achievement

from .helpers import (
    DRAFT_ACHIEVEMENT,
    DRAFT_VALUE,
    LAST_YEAR_ACHIEVEMENT,
    SECRET_TITLE,
    SUBMITTED_ACHIEVEMENT,
    SUBMITTED_CASE_STUDY,
)


def _lines(content):
    return {line.code: line for theme in content.themes for line in theme.indicators}


def test_content_has_every_theme_and_its_published_values_at_the_latest_published_quarter(report_world):
    content = annual_report_content(report_world.plan, 2014)

    assert [theme.title for theme in content.themes] == ["Safety", "Environment"]
    assert content.period_label == "2014/15 Q2"
    assert not content.is_full_year
    lines = _lines(content)
    # Hand-checked in the tiny plan's docstring.
    assert (lines["CS-02"].value_text, lines["CS-02"].target_text, lines["CS-02"].rag) == ("1,950", "2,000", "green")
    assert lines["CS-02"].trend == "improving"
    assert (lines["CS-01"].value_text, lines["CS-01"].rag, lines["CS-01"].provisional) == ("66.0%", "red", True)
    assert (lines["CS-03"].value_text, lines["CS-03"].rag) == ("104", "amber")
    assert (lines["EN-01"].rag, lines["EN-01"].trend) == ("no_target", "stable")
    # Recycling's last published value is 2013/14 Q2's (no target then), shown with its own quarter.
    assert (lines["EN-02"].rag, lines["EN-02"].as_at, lines["EN-02"].as_at_earlier) == ("no_target", "2013/14 Q2", True)
    assert content.totals.summary == "1 on target, 1 near target, 1 off target, 2 no target"


def test_the_report_is_at_the_years_latest_published_quarter(report_world, make):
    make.period(2014, 4, published=False)  # closed, not published: the report stays at 2014/15 Q2
    assert annual_report_content(report_world.plan, 2014).period_label == "2014/15 Q2"
    q3 = report_world.tiny.open_period
    q3.published_at = timezone.now()
    q3.save()
    assert annual_report_content(report_world.plan, 2014).period_label == "2014/15 Q3"


def test_content_leaves_out_drafts_unapproved_returns_other_years_and_private_indicators(report_world):
    content = annual_report_content(report_world.plan, 2014)
    canonical = str(content)

    unwanted = (DRAFT_ACHIEVEMENT, SUBMITTED_ACHIEVEMENT, SUBMITTED_CASE_STUDY, LAST_YEAR_ACHIEVEMENT, SECRET_TITLE)
    for text in unwanted:
        assert text not in canonical
    assert str(DRAFT_VALUE) not in canonical
    assert "CS-99" not in _lines(content)


def test_achievements_and_the_latest_case_study_come_from_the_years_approved_returns(report_world):
    Achievement.objects.create(
        theme=report_world.tiny.safety, text="Dated in the year", achieved_on=datetime.date(2014, 6, 1)
    )
    Achievement.objects.create(
        theme=report_world.tiny.safety, text="Dated the year before", achieved_on=datetime.date(2014, 3, 31)
    )

    safety = annual_report_content(report_world.plan, 2014).themes[0]

    assert [(a.text, a.when) for a in safety.achievements] == [
        ("Street pastors started in the town centre", "2014/15 Q1, Q2"),  # reported twice, listed once
        ("CCTV upgraded in the town centre", "2014/15 Q1"),
        ("Area panels met in every area", "2014/15 Q2"),
        ("Dated in the year", "June 2014"),
    ]
    assert safety.case_study.text == (
        "Mrs Green's garden was cleared by the community payback team.",
        "She now feels safe at home.",
    )
    assert safety.case_study.period == "2014/15 Q2"


def test_the_chair_introduction_for_the_year_replaces_the_plans_own(report_world):
    plan = report_world.plan
    plan.chair_introduction = "The plan's own words."
    plan.save()
    assert annual_report_content(plan, 2014).chair_introduction == (Block("paragraph", "The plan's own words."),)

    ReportIntroduction.objects.create(plan=plan, year=2014, text="This year's words.")

    assert annual_report_content(plan, 2014).chair_introduction == (Block("paragraph", "This year's words."),)


def test_content_hash_is_stable_for_the_same_figures_and_changes_with_them(report_world):
    first = content_hash(annual_report_content(report_world.plan, 2014))
    assert content_hash(annual_report_content(report_world.plan, 2014)) == first

    # Saved as the admin saves a correction: the judged figures follow it.
    revised = Measurement.objects.get(indicator=report_world.tiny.asb, period=report_world.tiny.period, area=None)
    revised.value = D(99)
    revised.save()

    assert content_hash(annual_report_content(report_world.plan, 2014)) != first


def test_a_year_outside_the_plan_or_without_a_published_quarter_is_a_data_error(report_world):
    with pytest.raises(ReportDataError, match="there is no 2020/21"):
        annual_report_content(report_world.plan, 2020)
    with pytest.raises(ReportDataError, match="No quarter of 2015/16 has been published"):
        annual_report_content(report_world.plan, 2015)


def test_what_you_told_us_is_honestly_empty_without_residents_input(report_world):
    told = annual_report_content(report_world.plan, 2014).what_you_told_us

    assert told.is_empty
    assert told.total_comments == 0


def test_what_you_told_us_counts_the_years_published_comments_and_lists_results(report_world):
    tiny = report_world.tiny
    in_year = timezone.make_aware(datetime.datetime(2014, 9, 1, 12))
    before = timezone.make_aware(datetime.datetime(2014, 3, 1, 12))
    comments = [("published", in_year), ("published", in_year), ("pending", in_year), ("published", before)]
    for status, created in comments:
        Comment.objects.create(theme=tiny.safety, display_name="R", body="b", status=status, created_at=created)
    consultation = Consultation.objects.create(
        plan=tiny.plan,
        title="Town centre safety",
        slug="town-centre-safety",
        summary="What would make the town centre feel safer?",
        background="b",
        opens_at=in_year - datetime.timedelta(days=30),
        closes_at=in_year,
        is_published=True,
        results_published=True,
        you_said_we_did="You said the underpass was dark. We put in new lights.",
    )
    consultation.responses.create(email="a@example.org", confirmed_at=in_year)
    consultation.responses.create(email="b@example.org")  # unconfirmed: not counted
    Suggestion.objects.create(
        theme=tiny.environment,
        title="More bins on the canal path",
        body="b",
        display_name="R",
        email="r@example.org",
        status=Suggestion.Status.ADOPTED,
        response="Six new bins went in during August.",
        status_changed_at=in_year,
    )

    told = annual_report_content(report_world.plan, 2014).what_you_told_us

    assert [(row.title, row.count) for row in told.comments_by_theme] == [("Safety", 2), ("Environment", 0)]
    assert [(c.title, c.responses, c.closed) for c in told.consultations] == [
        ("Town centre safety", 1, "1 September 2014")
    ]
    assert told.consultations[0].you_said_we_did == ("You said the underpass was dark. We put in new lights.",)
    assert [(s.title, s.theme) for s in told.suggestions] == [("More bins on the canal path", "2. Environment")]
    assert "r@example.org" not in str(told)


def test_content_is_read_in_a_fixed_number_of_queries(report_world, make, django_assert_num_queries):
    # Queries: period; themes; outcomes; indicators; their judged figures; return progress; actions;
    # objectives; returns; achievements; introduction; areas; forums; partners (2); area plans;
    # priorities; priority themes; comments, consultations, suggestions (3).
    expected = 21
    with django_assert_num_queries(expected):
        annual_report_content(report_world.plan, 2014)

    tiny = report_world.tiny
    for number in range(3, 7):
        theme = make.theme(tiny.plan, number, f"Extra theme {number}", tiny.safety_forum)
        for index in range(3):
            indicator = make.indicator(theme, f"X{number}-{index}", f"Extra {number} {index}", area_kind="ward")
            make.target(indicator, 2014, 10)
            for period in tiny.periods.values():
                make.measurement(indicator, period, 5 + index)
        make.objective(theme, f"Objective {number}")
    with django_assert_num_queries(expected):
        content = annual_report_content(report_world.plan, 2014)
    assert len(content.themes) == 6


def test_text_blocks_turn_typed_text_into_paragraphs_headings_and_lists():
    text = "Demographics\n\nThe borough is growing.\nFast.\n\nWe will:\n- build homes\n- plant trees\n\nThe end."

    assert text_blocks(text) == (
        Block("heading", "Demographics"),
        Block("paragraph", "The borough is growing. Fast."),
        Block("paragraph", "We will:"),
        Block("list", items=("build homes", "plant trees")),
        Block("paragraph", "The end."),
    )
    assert text_blocks("Civic Centre\nMarlowes", keep_lines=True) == (Block("paragraph", "Civic Centre\nMarlowes"),)


def test_a_residents_section_that_cannot_be_read_stops_the_report_instead_of_leaving_it_out(report_world):
    from django.db import ProgrammingError

    missing = ProgrammingError('relation "consultation_suggestion" does not exist')
    with (
        mock.patch.object(Suggestion.objects, "filter", side_effect=missing),
        pytest.raises(ReportDataError, match=r"residents' section .* could not be read \(ProgrammingError\)"),
    ):
        annual_report_content(report_world.plan, 2014)


def test_a_database_that_is_down_for_now_is_left_to_the_build_s_retries(report_world):
    from django.db import OperationalError

    with (
        mock.patch.object(Suggestion.objects, "filter", side_effect=OperationalError("server closed the connection")),
        pytest.raises(OperationalError),
    ):
        annual_report_content(report_world.plan, 2014)


def test_the_report_counts_areas_by_kind_and_names_the_kind_of_area_plans(report_world):
    from partnership.models import Area, AreaKind, AreaPlan

    for n in range(3):
        Area.objects.create(name=f"Ward {n}", slug=f"ward-{n}", kind=AreaKind.WARD, population=1000)
    Area.objects.create(name="Town", slug="town", kind=AreaKind.POLICING_AREA, population=2500)
    Area.objects.create(name="Rural", slug="rural", kind=AreaKind.POLICING_AREA)
    ward = Area.objects.get(name="Ward 0")
    AreaPlan.objects.create(area=ward, year=2014, summary="Agreed in June.")

    content = annual_report_content(report_world.plan, 2014)

    wards = Area.objects.filter(kind=AreaKind.WARD)
    assert content.area_count_text == f"{wards.count()} wards and 2 policing areas"
    # Each kind covers the borough once: the population is the wards' total, not the sum of both kinds.
    assert content.population == sum(w.population or 0 for w in wards) > 2500
    assert content.area_plan_kind == "ward"
    assert ("Ward 0", "ward") in [(h.area, h.kind) for h in content.area_highlights]

    AreaPlan.objects.create(area=Area.objects.get(name="Town"), year=2014)
    content = annual_report_content(report_world.plan, 2014)
    assert content.area_plan_kind == "area"
    assert {("Town", "policing area"), ("Ward 0", "ward")} <= {(h.area, h.kind) for h in content.area_highlights}
