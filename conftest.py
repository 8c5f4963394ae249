"""Shared test data: small ``make_*`` helpers, a tiny plan built from them, and personas.

The helpers are reachable in tests through the ``make`` fixture (``make.indicator(...)``)
so that no test imports from a conftest. ``tiny_plan`` builds one small plan whose RAG
outcomes are worked out by hand in its docstring; page and selector tests rely on them.
``world`` is the returns tests' partnership: two forums and their people, an open quarter.
These (and the apps' fixtures named in their ``SHARED_DATA``) are built once for the tests
of a module that ask for them, each test rolled back to them: ``SharedData`` below.
"""

from __future__ import annotations

import copy
import datetime
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone

from indicators.models import Indicator, IndicatorChange, Measurement, ReportingPeriod, Target
from partnership import scope
from partnership.models import (
    Area,
    AreaPlan,
    CommunityPlan,
    Forum,
    Membership,
    Organisation,
    Partnership,
    Role,
    User,
)
from returns.models import QuarterlyReturn
from themes.models import (
    Achievement,
    Action,
    AreaPriority,
    CrossCuttingTheme,
    LinkedStrategy,
    Objective,
    Outcome,
    Theme,
)

# --- The suite's own settings ------------------------------------------------------------------


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config: pytest.Config) -> None:
    """Every test hashes passwords with MD5: the production hasher is slow on purpose.

    Personas, demo users and sign-ins each hash a password; with PBKDF2 that alone cost
    seconds a test. Set once for the whole run (and in every xdist worker), so production
    settings carry no test-only branch.
    """
    from django.test import override_settings

    # The suite connects as the superuser, whom row-level security never restricts: the
    # database setting is left out (it would add a statement to every request's query count)
    # except in the RLS tests, which turn it on and act as the ordinary role (partnership/tests/test_rls.py).
    override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS, ROW_LEVEL_SECURITY=False).enable()


# Tests that must not be spread over xdist workers: each group runs whole, in collection
# order, in one worker (``pytest -n``; ``make test`` runs ``-n auto``).
#   * browser (e2e/): one demo, one server and one Chromium per worker that runs them, and the
#     page checks must run before the journeys that change the data;
#   * worker (real Celery workers): they share one Redis database (REPORT_TEST_BROKER_URL),
#     which each test empties first; two at once would take each other's tasks.
# A group is named by where its tests live, because xdist's scheduler sees only node ids:
# pytest-xdist's own ``xdist_group`` mark does not reach it under pytest 9.2
# (pytest-dev/pytest-xdist#1386). ``pytest_collection_modifyitems`` checks that the markers
# and the places agree, so a browser or worker test added elsewhere fails loudly.
SERIAL_GROUPS = {"browser": "e2e/", "worker": "reports/tests/test_worker.py"}


def serial_group(nodeid: str) -> str | None:
    """The group a test belongs to, by its node id, or ``None`` if it may run anywhere."""
    for group, prefix in SERIAL_GROUPS.items():
        if nodeid.startswith(prefix):
            return group
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        by_marker = {group for group in SERIAL_GROUPS if item.get_closest_marker(group)}
        by_place = {serial_group(item.nodeid)} - {None}
        if by_marker != by_place:
            raise pytest.UsageError(
                f"{item.nodeid}: marked {sorted(by_marker) or 'neither'} of {sorted(SERIAL_GROUPS)}, but its place"
                f" puts it in {sorted(by_place) or 'neither'}: move it, or update SERIAL_GROUPS in conftest.py."
            )
    _leave_out_browser_tests_without_their_tools(config, items)
    for module in {item.module for item in items if getattr(item, "module", None) is not None}:
        shared_data.register_from(module)
    _group_tests_sharing_data(items)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        _heaviest_modules_first(items)


def _group_tests_sharing_data(items: list[pytest.Item]) -> None:
    """Within each run of one module's tests, those that share the same data (``SharedData``) one after another.

    pytest-django has already put the tests in the order Django runs them (those in a
    transaction, then transactional ones, then those without a database); that order is
    kept, and so is the order of the tests that ask for the same shared fixtures.
    """
    names = list(shared_data.builders)
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or items[end].path != items[start].path:
            block = items[start:end]
            block.sort(key=lambda item: [name in getattr(item, "fixturenames", ()) for name in names])
            items[start:end] = block
            start = end


def _heaviest_modules_first(items: list[pytest.Item]) -> None:
    """Under xdist, the order in which whole modules are handed out (``SerialGroupScheduling``).

    The serial groups first (the largest units of work), then the modules with scale tests (a
    minute or more each), then those with transactional tests (each empties every table; the
    migration tests migrate back and forth), then the others, larger first: so that no worker
    starts a long module when the others have nothing left. Every worker sorts the same way,
    as xdist requires; a serial run keeps the files' order.
    """
    rank: dict[object, tuple[int, int]] = {}
    for item in items:
        if serial_group(item.nodeid):
            weight = 0
        elif item.get_closest_marker("slow"):
            weight = 1
        elif _transactional(item):
            weight = 2
        else:
            weight = 3
        heaviest, size = rank.get(item.path, (3, 0))
        rank[item.path] = (min(heaviest, weight), size - 1)
    items.sort(key=lambda item: rank[item.path])


def _browser_tools_missing() -> list[str]:
    """Missing browser-test tools on a developer's machine; in CI (``CI`` set) never: there they must be."""
    from e2e.support import in_ci, missing_browser_tools

    return [] if in_ci() else missing_browser_tools()


def _leave_out_browser_tests_without_their_tools(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a machine with Python alone, ``make test`` runs everything else and passes.

    The browser tests are deselected (the header of the run says so in one line, with what
    installs them) rather than each failing or skipping on its own.
    """
    if not _browser_tools_missing():
        return
    browser = [item for item in items if item.get_closest_marker("browser")]
    if browser:
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
        config.hook.pytest_deselected(items=browser)


def pytest_report_header(config: pytest.Config) -> str | None:
    missing = _browser_tools_missing()
    if not missing:
        return None
    from e2e.support import INSTALL_HINT

    return f"browser tests (e2e/) left out: {', '.join(missing)} not found; to run them: {INSTALL_HINT}"


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # tryfirst: before xdist's own scheduler
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under ``--dist loadgroup`` (pytest.ini), keep each of SERIAL_GROUPS in one worker."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SerialGroupScheduling(LoadScopeScheduling):
        # LoadScopeScheduling hands out whole scopes: each group, and each other module (so that
        # a worker runs a module's tests one after another, and builds their shared data once),
        # in the order of the collection (``_heaviest_modules_first``), not by their sizes.
        def _split_scope(self, nodeid: str) -> str:
            return serial_group(nodeid) or nodeid.split("::", 1)[0]

    config.option.loadscopereorder = False
    return SerialGroupScheduling(config, log)


# --- Data built once and shared by the tests that ask for it ----------------------------------
#
# ``tiny_plan``, ``personas`` and ``world`` take tens of queries to build, and hundreds of tests
# ask for them. Each test that is not transactional already runs inside a transaction that is
# rolled back at its end (pytest-django's ``atomic``); here that transaction is nested, as a
# savepoint, in an outer one that holds the shared data. The data is built when a test first asks
# for it and kept for the next tests of the same module that ask for the same fixtures; then the
# outer transaction is rolled back. So whatever a test writes, the shared rows included, is
# undone at its end, and the next test finds the data as built. Each test gets its own copy of
# the Python objects (``copy.deepcopy``, as Django's ``setUpTestData`` does), so an attribute a
# test changes is not seen by the next, and the cache entries the build left (the partnerships
# list, the content version) are put back after ``_fresh_cache`` empties the cache, as if the
# test had built the data itself. A transactional test (``django_db(transaction=True)``) builds
# its own, committed, as before. ``pytest --durations`` shows the saving: the first test of a
# run of them pays for the build ("setup"), the others do not.


def _transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test without a transaction around it (and empties the tables after)."""
    from pytest_django.fixtures import validate_django_db

    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names)
        or (marker is not None and any(validate_django_db(marker)[:2]))  # transaction, reset_sequences
    )


class SharedData:
    """The data some fixtures build once for consecutive tests; see the comment above."""

    def __init__(self) -> None:
        self.builders: dict[str, tuple[Callable[..., object], tuple[str, ...], Path]] = {}
        self.helpers: dict[str, object] = {}  # what a builder may need besides shared data (``make``)
        self.key: tuple[str, ...] = ()  # the fixtures whose data is built now
        self.module: object = None  # for the tests of this module
        self.built: dict[str, object] = {}
        self._cache_entries: tuple[dict, dict] = ({}, {})
        self._copies: dict[str, object] | None = None  # this test's
        self.next_item: pytest.Item | None = None  # the test after this one (pytest_runtest_teardown)
        self._atomic = None
        self._blocker = None

    def builder(self, name: str, needs: tuple[str, ...] = (), owner: Path = Path(__file__).parent):
        """Register ``build(*needs)`` as the data of the fixture ``name`` (which calls ``get``), for the
        tests under ``owner`` (the conftest's folder, or the test module that defines the fixture)."""

        def register(build):
            known = self.builders.get(name)
            if known is not None and known[0] is not build:
                raise pytest.UsageError(f"two shared fixtures are named {name!r}: {known[2]} and {owner}")
            self.builders[name] = (build, needs, owner)
            return build

        return register

    def register_from(self, module: object) -> None:
        """The builders a conftest or a test module names in ``SHARED_DATA``: ``{"site": (build, ("tiny_plan",))}``."""
        path = Path(module.__file__)
        owner = path.parent if path.name == "conftest.py" else path
        for name, (build, needs) in (getattr(module, "SHARED_DATA", None) or {}).items():
            self.builder(name, needs, owner)(build)

    def key_for(self, item: pytest.Item) -> tuple[str, ...]:
        """The shared fixtures a test asks for; none if it is transactional (it builds its own)."""
        from django.conf import settings

        names = getattr(item, "fixturenames", ())
        # The cache entries are copied back from the in-memory cache (the suite's, CACHE_URL unset).
        in_memory = settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        if _transactional(item) or not in_memory:
            return ()
        return tuple(
            name for name, (_, _, owner) in self.builders.items() if name in names and item.path.is_relative_to(owner)
        )

    def holds_for(self, item: pytest.Item) -> bool:
        """Whether the data built now is what ``item`` shares (same fixtures, same module)."""
        module = getattr(item, "module", None)
        return self._atomic is not None and (self.key_for(item), module) == (self.key, self.module)

    def enter(self, item: pytest.Item, django_db_blocker) -> None:
        """Before a test's own transaction begins: have the data it shares built, in the outer one."""
        self._copies = None
        if self.holds_for(item):
            return
        self.leave()
        key = self.key_for(item)
        if not key:
            return
        self._blocker = django_db_blocker
        with django_db_blocker.unblock():
            self._atomic = transaction.atomic()
            # As Django's TestCase marks its own, so that code's ``atomic(durable=True)`` may nest in it.
            self._atomic._from_testcase = True
            self._atomic.__enter__()
            self.key, self.module = key, item.module
            try:
                cache.clear()
                for name in key:
                    build, needs, _ = self.builders[name]
                    self.built[name] = build(
                        *(self.built[need] if need in self.built else self.helpers[need] for need in needs)
                    )
                locmem = caches["default"]  # a LocMemCache: key_for checks
                self._cache_entries = (dict(locmem._cache), dict(locmem._expire_info))
            except BaseException:
                self.leave()
                raise

    def leave(self) -> None:
        """Roll the shared data back (after a test, when the next one does not share it)."""
        if self._atomic is None:
            return
        atomic, self._atomic = self._atomic, None
        self.key, self.module, self.built, self._cache_entries = (), None, {}, ({}, {})
        with self._blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    def get(self, name: str, *needs: object) -> object:
        """What the fixture ``name`` gives this test: its copy of the shared data, or built now from ``needs``."""
        if name not in self.built:
            build, _, _ = self.builders[name]
            return build(*needs)
        if self._copies is None:
            # One copy of everything for the test, so that what referred to one object still does
            # (``site.tiny`` is the test's ``tiny_plan``); and the build's cache entries put back.
            self._copies = copy.deepcopy(self.built)
            entries, expiry = self._cache_entries
            caches["default"]._cache.update(entries)
            caches["default"]._expire_info.update(expiry)
        return self._copies[name]


shared_data = SharedData()


def pytest_plugin_registered(plugin: object) -> None:
    """An app's conftest shares its fixtures' data by naming them in ``SHARED_DATA`` (a test module
    may too: ``pytest_collection_modifyitems``); the fixture returns ``shared_data.get(name, *needs)``."""
    if getattr(plugin, "__file__", "").endswith("conftest.py") and getattr(plugin, "SHARED_DATA", None):
        shared_data.register_from(plugin)


@pytest.fixture(name="shared_data")
def _shared_data() -> SharedData:
    """For an app's conftest: ``shared_data.get(name, *needs)`` (see ``SharedData``)."""
    return shared_data


@pytest.fixture
def _django_db_helper(_shared_data_built, _django_db_helper) -> None:
    """pytest-django's transaction for each test, begun after (inside) the shared data's."""
    return _django_db_helper


@pytest.fixture
def _shared_data_built(request: pytest.FixtureRequest, django_db_setup, django_db_blocker) -> Iterator[None]:
    shared_data.enter(request.node, django_db_blocker)
    yield
    # After the test's own transaction is rolled back, before any module's fixtures end: the
    # shared data too, unless the next test shares it.
    if shared_data.next_item is None or not shared_data.holds_for(shared_data.next_item):
        shared_data.leave()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Tell ``_shared_data_built`` which test comes next; whatever happened, nothing stays open after the last one."""
    shared_data.next_item = nextitem
    try:
        return (yield)
    finally:
        if nextitem is None:
            shared_data.leave()


# --- make_* helpers -----------------------------------------------------------------------------


def make_partnership(name: str = "Tinyborough Partnership", slug: str = "tinyborough", **fields) -> Partnership:
    return Partnership.objects.create(name=name, slug=slug, place=fields.pop("place", name.split()[0]), **fields)


def _ensure_partnership(fields: dict) -> dict:
    """A root row made by a helper joins the test's partnership: the active one, or the only one (made if none)."""
    if "partnership" not in fields and scope.current_id() is None and not Partnership.objects.exists():
        make_partnership()
    return fields


def make_plan(title: str = "Tiny Plan", **fields) -> CommunityPlan:
    defaults = {
        "slug": title.lower().replace(" ", "-"),
        "area": "Tinyborough",
        "start_year": 2010,
        "end_year": 2015,
        "vision": "A borough to be proud of.\n\nWorking together to make a difference.",
        "monitoring_statement": "Lead forums report every quarter to the LSP Support Group.",
        "status": CommunityPlan.Status.ADOPTED,
    }
    return CommunityPlan.objects.create(title=title, **{**defaults, **_ensure_partnership(fields)})


def make_organisation(name: str, sector: str = "public", **fields) -> Organisation:
    return Organisation.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), sector=sector, **_ensure_partnership(fields)
    )


def make_forum(plan: CommunityPlan, name: str, kind: str = Forum.Kind.THEME_LEAD, organisations=(), **fields) -> Forum:
    forum = Forum.objects.create(plan=plan, name=name, slug=name.lower().replace(" ", "-"), kind=kind, **fields)
    forum.organisations.set(organisations)
    return forum


def make_theme(plan: CommunityPlan, number: int, title: str, lead_forum: Forum, **fields) -> Theme:
    defaults = {"slug": title.lower().replace(" ", "-"), "vision": f"The vision for {title.lower()}."}
    return Theme.objects.create(plan=plan, number=number, title=title, lead_forum=lead_forum, **{**defaults, **fields})


def make_objective(theme: Theme, title: str, **fields) -> Objective:
    return Objective.objects.create(theme=theme, title=title, **fields)


def make_action(objective: Objective, title: str, **fields) -> Action:
    return Action.objects.create(objective=objective, title=title, **fields)


def make_indicator(theme: Theme, code: str, title: str, **fields) -> Indicator:
    defaults = {
        "slug": title.lower().replace(" ", "-"),
        "definition": f"How {title.lower()} is counted.",
        "polarity": "higher",
        "source": "Test source",
    }
    return Indicator.objects.create(theme=theme, code=code, title=title, **{**defaults, **fields})


def make_period(
    year: int,
    quarter: int,
    status: str = ReportingPeriod.Status.CLOSED,
    *,
    published: bool | None = None,
    **fields,
) -> ReportingPeriod:
    """A quarter; a closed one is published (residents see its figures) unless ``published=False``."""
    starts, ends = ReportingPeriod.dates_for(year, quarter)
    if published is None:
        published = status == ReportingPeriod.Status.CLOSED
    return ReportingPeriod.objects.create(
        **_ensure_partnership(fields),
        financial_year=year,
        quarter=quarter,
        starts_on=starts,
        ends_on=ends,
        return_deadline=ends + datetime.timedelta(days=30),
        status=status,
        published_at=timezone.now() if published else None,
    )


def make_periods(first: tuple[int, int], last: tuple[int, int], status: str = ReportingPeriod.Status.CLOSED):
    """Every quarter from ``first`` to ``last``, as {(year, quarter): period}."""
    periods = {}
    year, quarter = first
    while (year, quarter) <= last:
        periods[(year, quarter)] = make_period(year, quarter, status)
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return periods


def make_target(indicator: Indicator, year: int, value, **fields) -> Target:
    return Target.objects.create(indicator=indicator, financial_year=year, value=D(str(value)), **fields)


def make_measurement(indicator: Indicator, period: ReportingPeriod, value, area: Area | None = None, **fields):
    return Measurement.objects.create(indicator=indicator, period=period, area=area, value=D(str(value)), **fields)


def make_area(name: str, code: str, **fields) -> Area:
    return Area.objects.create(name=name, slug=name.lower().replace(" ", "-"), code=code, **_ensure_partnership(fields))


def make_user(username: str, role: str | None = None, organisation=None, forum=None, **fields) -> User:
    user = User.objects.create_user(username, email=f"{username}@example.org", password="not-a-real-password", **fields)
    if role:
        Membership.objects.create(user=user, role=role, organisation=organisation, forum=forum)
    return user


@pytest.fixture
def partnership(request) -> Partnership:
    """The test's partnership: the only one there is, made if there is none.

    Rows made without saying which partnership join it (``partnership.owned``); a module
    whose tests make such rows before any helper has made the partnership asks for it with
    ``pytestmark = pytest.mark.usefixtures("partnership")``.
    """
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    request.getfixturevalue("transactional_db" if transactional else "db")
    return Partnership.objects.sole() or make_partnership()


@pytest.fixture
def make() -> SimpleNamespace:
    """The ``make_*`` helpers: ``make.indicator(theme, "X-1", "Title")``."""
    return MAKE


MAKE = shared_data.helpers["make"] = SimpleNamespace(
    partnership=make_partnership,
    plan=make_plan,
    organisation=make_organisation,
    forum=make_forum,
    theme=make_theme,
    objective=make_objective,
    action=make_action,
    indicator=make_indicator,
    period=make_period,
    periods=make_periods,
    target=make_target,
    measurement=make_measurement,
    area=make_area,
    user=make_user,
)


# --- The tiny plan ------------------------------------------------------------------------------


@dataclass
class TinyPlan:
    plan: CommunityPlan
    safety: Theme
    environment: Theme
    safety_forum: Forum
    environment_forum: Forum
    support_forum: Forum
    board_forum: Forum
    police: Organisation
    council: Organisation
    greens: Organisation
    objective: Objective
    action: Action
    crime: Indicator  # cumulative, by area, lower is better, a count: green at 2014/15 Q2
    feel_safe: Indicator  # a percentage, higher is better: red at 2014/15 Q2, provisional and revised
    asb: Indicator  # lower is better: amber at 2014/15 Q2
    litter: Indicator  # no target: "no target"
    recycling: Indicator  # a target but no value at the period: "no data"
    secret: Indicator  # not public: never on a public page
    boxmoor: Area
    highfield: Area
    periods: dict[tuple[int, int], ReportingPeriod]
    period: ReportingPeriod  # 2014/15 Q2, the latest closed quarter
    open_period: ReportingPeriod  # 2014/15 Q3
    cross_cutting: CrossCuttingTheme
    extra: dict[str, object] = field(default_factory=dict)


@pytest.fixture
def tiny_plan(db) -> TinyPlan:
    """A plan with two themes and hand-checked figures at 2014/15 Q2.

    Safety (lead: Community Safety Partnership):
      * crime (cumulative): 2013/14 Q1 1,100, Q2 1,000; 2014/15 Q1 950, Q2 1,000.
        Year to date 1,950 against 4,000 ÷ 4 × 2 = 2,000: **green**; last year 2,100, −7.1%:
        **improving**. Areas at 2014/15: Boxmoor 400 + 450 = 850, Highfield 550 + 550 = 1,100;
        the average area is 1,950 ÷ 2 = 975, so Highfield is worse, Boxmoor better.
      * feel safe (%): 2013/14 Q2 65.0, 2014/15 Q2 66.0 (provisional, revised) against 70:
        4/70 = 5.7% short, **red**; +1.5%: **improving**.
      * anti-social behaviour (lower is better): 104 against 100, within 5%: **amber**.
      * secret: not public.
    Environment (lead: Environmental Forum):
      * litter: 12 both years, no target: **no target**, **stable**.
      * recycling: a 2014/15 target but only a 2013/14 value: **no data**.
    """
    return shared_data.get("tiny_plan")


@shared_data.builder("tiny_plan")
def _build_tiny_plan() -> TinyPlan:
    plan = make_plan()
    police = make_organisation("Police", "public", website="https://police.example.org")
    council = make_organisation("Council", "local_authority")
    greens = make_organisation("Green Club", "business_environment")
    make_organisation("Not A Member", "arts_culture", is_lsp_member=False)
    safety_forum = make_forum(plan, "Community Safety Partnership", organisations=[police, council])
    environment_forum = make_forum(plan, "Environmental Forum", organisations=[greens])
    support_forum = make_forum(plan, "LSP Support Group", Forum.Kind.SUPPORT_GROUP, organisations=[council])
    board_forum = make_forum(plan, "LSP Board", Forum.Kind.BOARD, organisations=[police, council, greens])

    safety = make_theme(plan, 1, "Safety", safety_forum, vision="A borough where people feel safe.")
    safety.partners.set([police, council])
    environment = make_theme(plan, 2, "Environment", environment_forum)
    Outcome.objects.create(theme=safety, text="Older people feel safe", order=1)
    objective = make_objective(safety, "Better relations with the police", status="on_track", owner=police)
    action = make_action(objective, "Area panels every quarter", status="complete", owner=police)
    Achievement.objects.create(theme=safety, text="CCTV upgraded in the town centre")
    LinkedStrategy.objects.create(theme=safety, name="Community Safety Strategy", url="https://example.org/css")
    cross_cutting = CrossCuttingTheme.objects.create(
        plan=plan, title="Rejuvenating Tinyborough", slug="rejuvenating", description="Town centres."
    )
    cross_cutting.themes.set([safety, environment])

    periods = make_periods((2013, 1), (2014, 2))
    open_period = make_period(2014, 3, ReportingPeriod.Status.OPEN)
    period = periods[(2014, 2)]
    boxmoor = make_area("Boxmoor", "W01", town="Hemel Hempstead", population=6000)
    highfield = make_area("Highfield", "W02", town="Hemel Hempstead")

    crime = make_indicator(
        safety,
        "CS-02",
        "Recorded crime",
        polarity="lower",
        cumulative=True,
        area_kind="ward",
        order=2,
        baseline_value=D(4200),
        baseline_period=periods[(2013, 4)],
    )
    make_target(crime, 2014, 4000)
    for key, value in {(2013, 1): 1100, (2013, 2): 1000, (2014, 1): 950, (2014, 2): 1000}.items():
        make_measurement(crime, periods[key], value)
    for key, (box, high) in {(2013, 1): (500, 600), (2013, 2): (500, 500), (2014, 1): (400, 550)}.items():
        make_measurement(crime, periods[key], box, area=boxmoor)
        make_measurement(crime, periods[key], high, area=highfield)
    make_measurement(crime, period, 450, area=boxmoor)
    make_measurement(crime, period, 550, area=highfield, note='=HYPERLINK("http://evil.example")')
    IndicatorChange.objects.create(
        indicator=crime,
        field=IndicatorChange.Field.TARGET,
        summary="Target 2014/15",
        old_value="4200",
        new_value="4000",
        reason="The Board raised its ambition after a good year.",
        changed_at=timezone.make_aware(datetime.datetime(2014, 4, 10, 9, 0)),
    )

    feel_safe = make_indicator(
        safety, "CS-01", "Feel safe", unit="percent", decimal_places=1, order=1, min_value=D(0), max_value=D(100)
    )
    make_target(feel_safe, 2014, 70)
    make_measurement(feel_safe, periods[(2013, 2)], "65.0")
    make_measurement(
        feel_safe,
        period,
        "66.0",
        status=Measurement.Status.PROVISIONAL,
        revision_note="Revised from 65.5 after late survey returns.",
    )

    asb = make_indicator(safety, "CS-03", "Anti-social behaviour", polarity="lower", order=3)
    make_target(asb, 2014, 100)
    make_measurement(asb, periods[(2013, 2)], 110)
    make_measurement(asb, period, 104)

    secret = make_indicator(safety, "CS-99", "Secret internal measure", is_public=False, order=9)
    make_target(secret, 2014, 10)
    make_measurement(secret, period, 1)

    litter = make_indicator(environment, "EN-01", "Litter", polarity="lower", unit="percent")
    make_measurement(litter, periods[(2013, 2)], 12)
    make_measurement(litter, period, 12)
    recycling = make_indicator(environment, "EN-02", "Recycling", unit="percent")
    make_target(recycling, 2014, 50)
    make_measurement(recycling, periods[(2013, 2)], 45)

    area_plan = AreaPlan.objects.create(area=boxmoor, year=2014, summary="Agreed at the area panel in June 2014.")
    priority = AreaPriority.objects.create(area_plan=area_plan, title="Tackle anti-social behaviour", order=1)
    priority.themes.set([safety])
    AreaPlan.objects.create(area=boxmoor, year=2013)

    return TinyPlan(
        plan=plan,
        safety=safety,
        environment=environment,
        safety_forum=safety_forum,
        environment_forum=environment_forum,
        support_forum=support_forum,
        board_forum=board_forum,
        police=police,
        council=council,
        greens=greens,
        objective=objective,
        action=action,
        crime=crime,
        feel_safe=feel_safe,
        asb=asb,
        litter=litter,
        recycling=recycling,
        secret=secret,
        boxmoor=boxmoor,
        highfield=highfield,
        periods=periods,
        period=period,
        open_period=open_period,
        cross_cutting=cross_cutting,
    )


# --- Personas -----------------------------------------------------------------------------------


@pytest.fixture
def personas(tiny_plan) -> dict[str, object]:
    """One user per role in the tiny plan, plus a resident and an outsider with no role."""
    return shared_data.get("personas", tiny_plan)


@shared_data.builder("personas", needs=("tiny_plan",))
def _build_personas(tiny_plan: TinyPlan) -> dict[str, object]:
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "resident": make_user("resident"),
        "outsider": make_user("outsider"),
        "officer": make_user("officer", Role.OFFICER, tiny_plan.police),
        "forum_lead": make_user("forum_lead", Role.FORUM_LEAD, tiny_plan.council, tiny_plan.safety_forum),
        "support_group": make_user("support", Role.SUPPORT_GROUP, tiny_plan.council, tiny_plan.support_forum),
        "board_member": make_user("board", Role.BOARD, tiny_plan.council, tiny_plan.board_forum),
        "admin": make_user("admin", is_staff=True, is_superuser=True),
    }


# --- Page checks --------------------------------------------------------------------------------


def check_public_page(response, title: str, *, breadcrumbs: bool = True) -> str:
    """The page shell every public page shares: 200, its own title, skip link, landmarks, one h1."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert f"<title>{title} — LSP Portal</title>" in html
    assert '<a class="skip-link visually-hidden-focusable" href="#main">Skip to main content</a>' in html
    assert '<main id="main"' in html
    for landmark in ("<header", '<nav class="site-nav" aria-label="Main">', "<footer"):
        assert landmark in html, landmark
    assert html.count("<h1") == 1
    assert ('<nav aria-label="Breadcrumb">' in html) is breadcrumbs
    return html


@pytest.fixture
def public_page():
    """``public_page(response, title)``: check the shared page shell and return the HTML."""
    return check_public_page


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached pages and rate-limit counters never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- The returns world --------------------------------------------------------------------------
#
# A small partnership for the returns tests and for the indicator tests that need people and an
# open quarter: two forums, their people, an open quarter after a closed one.


@dataclass
class ReturnsWorld:
    plan: CommunityPlan
    safety: Forum
    environment: Forum
    support_forum: Forum
    board_forum: Forum
    crime: Indicator  # cumulative, lower is better, by area, target −3% on last year
    feel_safe: Indicator  # a percentage, higher is better, 0–100
    objective: Objective
    action: Action
    areas: list[Area]
    period: ReportingPeriod  # open
    last_period: ReportingPeriod  # closed
    users: dict[str, object]

    def safety_return(self, period=None) -> QuarterlyReturn:
        return QuarterlyReturn.objects.get_or_create(forum=self.safety, period=period or self.period)[0]


def _world_period(year, quarter, status):
    """A quarter of the returns world: the closed ones are published, the open one is not yet."""
    starts, ends = ReportingPeriod.dates_for(year, quarter)
    return ReportingPeriod.objects.create(
        financial_year=year,
        quarter=quarter,
        starts_on=starts,
        ends_on=ends,
        return_deadline=ends,
        status=status,
        **_ensure_partnership({}),
        published_at=timezone.now() if status == "closed" else None,
    )


@pytest.fixture
def world(db) -> ReturnsWorld:
    return shared_data.get("world")


@shared_data.builder("world")
def _build_world() -> ReturnsWorld:
    from django.contrib.auth.models import AnonymousUser

    _ensure_partnership({})
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
    action = Action.objects.create(objective=objective, title="Area panels every quarter")
    crime = Indicator.objects.create(
        theme=theme,
        code="CS-02",
        slug="crime",
        title="Recorded crime",
        definition="d",
        polarity="lower",
        source="Police",
        cumulative=True,
        area_kind="ward",
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
    areas = [Area.objects.create(name=n, slug=n.lower(), code=f"W{i}") for i, n in enumerate(["Boxmoor", "Highfield"])]
    last_year = _world_period(2013, 1, "closed")
    last_period = _world_period(2014, 1, "closed")
    period = _world_period(2014, 2, "open")
    Measurement.objects.create(indicator=crime, period=last_year, value=D(1000))
    Measurement.objects.create(indicator=crime, period=_world_period(2013, 2, "closed"), value=D(1000))
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
        areas=areas,
        period=period,
        last_period=last_period,
        users=users,
    )


# --- Object storage: a real S3-compatible server ------------------------------------------------

# CI starts moto's server once and says where (.ci/run); elsewhere each pytest process (each
# xdist worker) starts its own on a free port, for the session. Every test gets a new bucket.
S3_TEST_ENDPOINT_ENV = "S3_TEST_ENDPOINT_URL"
S3_TEST_REGION = "eu-west-2"
S3_TEST_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "portal-tests", "AWS_SECRET_ACCESS_KEY": "portal-tests-secret"}


def _s3_answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 — our own 127.0.0.1 server
    except urllib.error.HTTPError:
        return True  # answered, if only to refuse
    except OSError:
        return False
    return True


def _start_moto_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not _s3_answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"moto's S3 server did not start on {url} (exit code {process.poll()}).")
        time.sleep(0.05)  # polling until it answers, not a fixed wait
    return process, url


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of an S3-compatible server: S3_TEST_ENDPOINT_URL, else moto's server started here."""
    if os.environ.get(S3_TEST_ENDPOINT_ENV):
        yield os.environ[S3_TEST_ENDPOINT_ENV]
        return
    process, url = _start_moto_server()
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class S3Bucket:
    name: str
    endpoint_url: str
    client: object  # boto3's S3 client, with the test's credentials

    def keys(self, prefix: str = "") -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(entry["Key"] for entry in listed.get("Contents", ()))

    def plain_url(self, key: str) -> str:
        """The object's address with no signature: what a visitor who guessed the name would try."""
        return f"{self.endpoint_url}/{self.name}/{key}"


@pytest.fixture
def s3_storages(settings, s3_endpoint, monkeypatch) -> S3Bucket:
    """The portal's file stores in a new, private bucket, configured as S3_BUCKET configures them."""
    import boto3

    from partnership.file_stores import file_stores

    for name, value in S3_TEST_CREDENTIALS.items():
        monkeypatch.setenv(name, value)  # boto3's own variables, as a deployment sets them
    bucket = f"lsp-test-{uuid.uuid4().hex[:20]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=S3_TEST_REGION)
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_TEST_REGION})
    settings.S3_BUCKET = bucket
    settings.S3_ENDPOINT_URL = s3_endpoint
    settings.S3_REGION = S3_TEST_REGION
    settings.STORAGES = {
        **settings.STORAGES,
        **file_stores(
            s3_bucket=bucket,
            s3_endpoint_url=s3_endpoint,
            s3_region=S3_TEST_REGION,
            signed_url_seconds=settings.S3_SIGNED_URL_SECONDS,
            private_root="",
        ),
    }
    return S3Bucket(bucket, s3_endpoint, client)


@pytest.fixture(scope="session")
def pgbouncer(django_db_setup, django_db_blocker):
    """PgBouncer in transaction mode in front of the test database (``partnership/tests/pooler.py``):
    ``.host`` and ``.port``. Skipped without PostgreSQL, or without ``pgbouncer`` outside CI."""
    from partnership.tests.pooler import run_pgbouncer

    yield from run_pgbouncer(django_db_blocker)
