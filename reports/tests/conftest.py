"""Data and helpers for the annual report tests: the tiny plan with a year of returns, media in a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from returns.models import QuarterlyReturn, ReturnValue

from .helpers import (
    DRAFT_ACHIEVEMENT,
    DRAFT_VALUE,
    LAST_YEAR_ACHIEVEMENT,
    SUBMITTED_ACHIEVEMENT,
    SUBMITTED_CASE_STUDY,
    use_broker,
)


def pytest_configure(config):
    # The lead is asked to add this to pytest.ini; registering it here keeps --strict-markers happy until then.
    config.addinivalue_line("markers", "worker: needs a real Celery worker and Redis")


@dataclass
class ReportWorld:
    tiny: object  # conftest.TinyPlan
    approved_q1: QuarterlyReturn
    approved_q2: QuarterlyReturn
    submitted: QuarterlyReturn  # environment forum, 2014/15 Q2: not approved
    draft: QuarterlyReturn  # safety forum, 2014/15 Q3: a draft
    last_year: QuarterlyReturn  # safety forum, 2013/14 Q4: approved, but another year

    @property
    def plan(self):
        return self.tiny.plan


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Personas are made with passwords; the real hasher would spend seconds on each test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_root(settings, tmp_path):
    """MEDIA_ROOT (where published reports are copied) and the private builds' storage, both in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    local = "django.core.files.storage.FileSystemStorage"  # on disk whatever S3_BUCKET says
    settings.STORAGES = {
        **settings.STORAGES,
        "report_builds": {"BACKEND": local, "OPTIONS": {"location": str(tmp_path / "private")}},
        "published_reports": {"BACKEND": local},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def private_root(media_root, tmp_path):
    """Where the tests' report builds are kept: nothing serves it."""
    return tmp_path / "private"


@pytest.fixture
def report_world(tiny_plan, media_root, shared_data) -> ReportWorld:
    """The tiny plan (2014/15 at Q2) with approved, submitted, draft and last year's returns."""
    return shared_data.get("report_world", tiny_plan)


def _build_report_world(tiny_plan) -> ReportWorld:
    now = timezone.now()
    approved_q1 = QuarterlyReturn.objects.create(
        forum=tiny_plan.safety_forum,
        period=tiny_plan.periods[(2014, 1)],
        status=QuarterlyReturn.Status.APPROVED,
        achievements="- Street pastors started in the town centre\n- CCTV upgraded in the town centre",
        case_study="An early case study that the later one replaces.",
        approved_at=now,
    )
    approved_q2 = QuarterlyReturn.objects.create(
        forum=tiny_plan.safety_forum,
        period=tiny_plan.periods[(2014, 2)],
        status=QuarterlyReturn.Status.APPROVED,
        achievements="Street pastors started in the town centre\nArea panels met in every area",
        case_study="Mrs Green's garden was cleared by the community payback team.\n\nShe now feels safe at home.",
        approved_at=now,
    )
    submitted = QuarterlyReturn.objects.create(
        forum=tiny_plan.environment_forum,
        period=tiny_plan.periods[(2014, 2)],
        status=QuarterlyReturn.Status.SUBMITTED,
        achievements=SUBMITTED_ACHIEVEMENT,
        case_study=SUBMITTED_CASE_STUDY,
    )
    draft = QuarterlyReturn.objects.create(
        forum=tiny_plan.safety_forum,
        period=tiny_plan.open_period,
        status=QuarterlyReturn.Status.DRAFT,
        achievements=DRAFT_ACHIEVEMENT,
    )
    ReturnValue.objects.create(quarterly_return=draft, indicator=tiny_plan.feel_safe, value=DRAFT_VALUE)
    ReturnValue.objects.create(quarterly_return=submitted, indicator=tiny_plan.litter, value=DRAFT_VALUE)
    last_year = QuarterlyReturn.objects.create(
        forum=tiny_plan.safety_forum,
        period=tiny_plan.periods[(2013, 4)],
        status=QuarterlyReturn.Status.APPROVED,
        achievements=LAST_YEAR_ACHIEVEMENT,
        approved_at=now,
    )
    return ReportWorld(tiny_plan, approved_q1, approved_q2, submitted, draft, last_year)


# Built once for consecutive tests of a module, each rolled back to it (the root conftest.py's SharedData).
SHARED_DATA = {"report_world": (_build_report_world, ("tiny_plan",))}


@pytest.fixture
def celery_broker():
    """``celery_broker(url)`` sends tasks to that broker for the rest of the test; undone afterwards."""
    from partnership.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    yield lambda url: use_broker(app, url)
    use_broker(app, saved[0], eager=saved[1])
