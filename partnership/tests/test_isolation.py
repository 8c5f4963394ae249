"""Two partnerships on one portal: nothing of one is ever seen from the other.

The application's wall (scoped managers, ``partnership.scope``) is tested by crawling
partnership A's pages, as a resident, a board member and the support group, and finding
no name, slug or figure of partnership B; on PostgreSQL the crawl runs again as the
ordinary role ``lsp_app`` with row-level security on (``partnership.rls``), and a query
that forgets the scope altogether is shown to get nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from indicators.models import Indicator, Measurement, ReportingPeriod
from partnership import rls, scope
from partnership.models import Area, CommunityPlan, Forum, Organisation, Partnership
from partnership.owned import PartnershipMismatch
from themes.models import Objective, Outcome, Theme

OTHER_NAMES = ("Otherfield", "otherfield", "98765", "98,765", "OF-1")
LINK = re.compile(r'href="(/tinyborough/[^"#?]*)"')
SKIP = ("/accounts/logout", "/admin/")

postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="row-level security is PostgreSQL's",
)


@pytest.fixture
def other(tiny_plan, make):
    """Partnership B, Otherfield: a plan, a theme, a published indicator with a figure, an area, a comment."""
    partnership = make.partnership("Otherfield Partnership", "otherfield", place="Otherfield")
    with scope.using(partnership):
        plan = make.plan("Otherfield Plan", area="Otherfield")
        police = make.organisation("Otherfield Constabulary")
        forum = make.forum(plan, "Otherfield Safety Forum", organisations=[police])
        theme = make.theme(plan, 1, "Otherfield Streets", forum)
        Outcome.objects.create(theme=theme, text="Otherfield outcome", order=1)
        make.objective(theme, "Otherfield objective")
        indicator = make.indicator(theme, "OF-1", "Otherfield burglaries")
        period = make.period(2014, 2)
        make.measurement(indicator, period, 98765)
        make.area("Otherfield Central", "E05099999")
        from consultation.models import Comment

        Comment.objects.create(
            theme=theme, display_name="Otherfield resident", body="Otherfield comment", status="published"
        )
    return partnership


def crawl(client, start: str, limit: int = 400) -> dict[str, bytes]:
    """Every page of partnership A reachable from ``start`` by GET links: path → content."""
    seen: dict[str, bytes] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(tuple(f"/tinyborough{s}" for s in SKIP)):
            continue
        response = client.get(path)
        content = response.content if response.status_code == 200 else b""
        assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
        seen[path] = content
        queue.extend(link for link in LINK.findall(content.decode(errors="replace")) if link not in seen)
    return seen


def assert_nothing_of_b(pages: dict[str, bytes]) -> None:
    leaks = [(path, name) for path, content in pages.items() for name in OTHER_NAMES if name.encode() in content]
    assert not leaks, leaks


def _crawl_as_everyone(client, personas) -> dict[str, bytes]:
    pages = crawl(client, "/tinyborough/")
    for who in ("board_member", "support_group"):
        client.force_login(personas[who])
        pages.update({f"{who}:{k}": v for k, v in crawl(client, "/tinyborough/dashboard/").items()})
        pages.update({f"{who}:{k}": v for k, v in crawl(client, "/tinyborough/returns/").items()})
    return pages


def test_a_crawl_of_partnership_a_finds_nothing_of_partnership_b(client, personas, other):
    pages = _crawl_as_everyone(client, personas)
    assert len([p for p, c in pages.items() if c]) > 20, sorted(pages)
    assert_nothing_of_b(pages)


def test_b_s_pages_are_not_found_under_a_s_address(client, tiny_plan, other):
    with scope.using(other):
        theme = Theme.objects.get()
        indicator = Indicator.objects.get()
    assert client.get(f"/otherfield/themes/{theme.slug}/").status_code == 200
    assert client.get(f"/tinyborough/themes/{theme.slug}/").status_code == 404
    assert client.get(f"/tinyborough{indicator.get_absolute_url()}").status_code == 404


def test_the_root_lists_both_partnerships_and_short_paths_need_a_partnership(client, tiny_plan, other):
    root = client.get("/").content.decode()
    assert 'href="/tinyborough/"' in root and 'href="/otherfield/"' in root
    assert client.get("/themes/").status_code == 404
    assert other.get_absolute_url() == "/otherfield/"


def test_one_partnership_keeps_short_paths(client, tiny_plan):
    assert client.get("/").status_code == 200
    assert b"Tiny Plan" in client.get("/").content
    assert client.get("/tinyborough/").status_code == 200


@pytest.mark.parametrize("page", ["home", "theme"])
def test_a_request_reads_the_list_of_partnerships_once(client, tiny_plan, monkeypatch, page):
    """Every request pays for it (a cache round trip and unpickling): the middleware's lookup only."""
    reads = []
    real = type(Partnership.objects).by_slug

    def counted(self):
        reads.append(1)
        return real(self)

    monkeypatch.setattr(type(Partnership.objects), "by_slug", counted)
    path = "/" if page == "home" else tiny_plan.safety.get_absolute_url()
    for full_path in (path, f"/tinyborough{path}"):
        reads.clear()
        assert client.get(full_path).status_code == 200
        assert len(reads) == 1, full_path


def test_managers_see_only_the_active_partnership_and_refuse_to_mix(tiny_plan, other):
    everything = Theme.objects.count()
    with scope.using(other):
        assert list(Theme.objects.values_list("title", flat=True)) == ["Otherfield Streets"]
        assert Organisation.objects.count() == 1
        with pytest.raises(PartnershipMismatch):
            Theme.objects.create(
                plan=tiny_plan.plan, number=9, title="X", slug="x", lead_forum=tiny_plan.safety.lead_forum
            )
    assert everything == 3


def test_a_partnership_may_reuse_another_s_names(tiny_plan, other):
    with scope.using(other):
        Organisation.objects.create(name="Police", slug="police", sector="public")
        # Same kind, name, code and slug as partnership A's Boxmoor ward: unique per partnership only.
        Area(name="Boxmoor", slug="boxmoor", kind="ward", code="W01").validate_constraints()
        Area.objects.create(name="Boxmoor", slug="boxmoor", kind="ward", code="W01")
    assert Organisation.objects.filter(name="Police").count() == 2
    assert Area.objects.filter(slug="boxmoor", kind="ward", code="W01").count() == 2


# --- Row-level security, as the portal's ordinary role ------------------------------------------


@pytest.fixture
def as_app_role(db):
    """This test's queries run as ``lsp_app`` (made if missing), with the scope set in the database."""
    role = settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    rls.grant()  # for a role made after the test database
    with override_settings(ROW_LEVEL_SECURITY=True), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        yield
        cursor.execute("RESET ROLE")


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (fixed names)
        return cursor.fetchone()[0]


@postgres_only
def test_every_table_of_a_partnership_s_rows_has_a_forced_policy(db):
    assert rls.uncovered_tables() == []
    tables = [route.table for route in rls.routes()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relrowsecurity AND relforcerowsecurity",
            [tables],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(tables)


@postgres_only
def test_while_migrating_an_owner_that_is_not_a_superuser_reads_every_row_and_the_app_role_none(
    tiny_plan, other, as_app_role
):
    """``migrate`` as the tables' owner (on a managed PostgreSQL, never a superuser): its data
    migrations read every partnership's rows, while the portal, still running, reads none."""
    owner = "lsp_owner_under_test"
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending: tables can be altered
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{owner}" NOLOGIN NOSUPERUSER')
        cursor.execute(f'ALTER TABLE "themes_theme" OWNER TO "{owner}"')  # rolled back with the test
        rls.remove()
        cursor.execute(f'SET LOCAL ROLE "{owner}"')
        assert _count("themes_theme") == 3
        cursor.execute(f'SET LOCAL ROLE "{settings.DATABASE_APP_ROLE}"')
        assert _count("themes_theme") == 0
        cursor.execute("RESET ROLE")
        rls.install()
        cursor.execute(f'SET LOCAL ROLE "{owner}"')  # forced again: the owner is under the policy too
        assert _count("themes_theme") == 0
        cursor.execute(f'SET LOCAL ROLE "{settings.DATABASE_APP_ROLE}"')


@postgres_only
def test_without_a_partnership_set_the_app_role_reads_no_partnership_rows(tiny_plan, other, as_app_role):
    for table in ("themes_theme", "themes_outcome", "indicators_measurement", "partnership_organisation"):
        assert _count(table) == 0, table
    assert Theme._base_manager.count() == 0
    assert Partnership.objects.count() == 2  # the list of partnerships is public


@postgres_only
def test_with_a_partnership_set_a_query_that_forgets_the_scope_still_gets_only_its_rows(tiny_plan, other, as_app_role):
    with scope.using(other):
        # The base manager and raw SQL know nothing of the scope: the database does.
        assert list(Theme._base_manager.values_list("title", flat=True)) == ["Otherfield Streets"]
        assert _count("themes_outcome") == 1
        assert _count("themes_objective") == 1
        assert list(Measurement._base_manager.values_list("value", flat=True)) == [D(98765)]
        assert ReportingPeriod._base_manager.count() == 1
    with scope.using(tiny_plan.plan.partnership_id):
        assert "Otherfield Streets" not in Theme._base_manager.values_list("title", flat=True)
    with scope.everywhere():
        assert Theme._base_manager.count() == 3


@postgres_only
def test_the_database_refuses_to_move_a_row_into_another_partnership(tiny_plan, other, as_app_role):
    with scope.using(tiny_plan.plan.partnership_id):
        theme_id = tiny_plan.safety.pk
        with pytest.raises(Exception, match="row-level security"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE themes_theme SET partnership_id = %s WHERE id = %s", [other.pk, theme_id])


@postgres_only
def test_a_crawl_as_the_app_role_under_rls_finds_nothing_of_b(client, personas, other, as_app_role):
    pages = _crawl_as_everyone(client, personas)
    assert len([p for p, c in pages.items() if c]) > 20
    assert_nothing_of_b(pages)


def test_new_rows_take_their_parent_s_partnership(tiny_plan, other):
    with scope.using(other):
        plan = CommunityPlan.objects.get()
    forum = Forum.objects.create(plan=plan, name="New forum", slug="new-forum")
    assert forum.partnership_id == other.pk
    objective = Objective.objects.filter(theme__plan=plan).first()
    assert objective is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="Police", slug="police", sector="public", partnership=tiny_plan.plan.partnership
        )


# --- The admin ------------------------------------------------------------------------------------


@pytest.fixture
def partnership_admin(tiny_plan, make):
    from django.contrib.auth.models import Permission

    from partnership.models import Role

    user = make.user("a-admin", Role.ADMIN, tiny_plan.council, is_staff=True)
    # What a partnership's administrator is given (by a group) to run its plan in the admin.
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="partnership"))
    return user


@pytest.mark.parametrize(
    ("who", "path", "sees_own", "sees_other"),
    [
        ("partnership_admin", "/tinyborough/admin/partnership/organisation/", True, False),
        ("partnership_admin", "/otherfield/admin/partnership/organisation/", False, False),
        ("partnership_admin", "/admin/partnership/organisation/", False, False),
        ("superuser", "/tinyborough/admin/partnership/organisation/", True, False),
        ("superuser", "/admin/partnership/organisation/", True, True),
    ],
)
def test_the_admin_shows_a_partnership_s_administrators_only_their_own_rows(
    client, personas, partnership_admin, other, who, path, sees_own, sees_other
):
    client.force_login(partnership_admin if who == "partnership_admin" else personas["admin"])
    response = client.get(path)
    if not (sees_own or sees_other):
        assert response.status_code == 302 and "login" in response["Location"]
        return
    content = response.content.decode()
    assert response.status_code == 200
    assert ("Green Club" in content) is sees_own
    assert ("Otherfield Constabulary" in content) is sees_other


def test_a_partnership_admin_picks_only_their_own_organisations(client, partnership_admin, other):
    client.force_login(partnership_admin)
    content = client.get("/tinyborough/admin/partnership/forum/add/").content.decode()
    assert "Green Club" in content and "Otherfield" not in content
