"""Page query counts do not grow with the data: the demo plan against 180,000 measurements.

One test, because building the large dataset is the slow part: it measures every public
page on the Dacorum demo plan, then generates the synthetic plan (150 indicators, 25
areas, 48 quarters), which becomes the current plan, and measures the same pages of the
same kind again. Run it on PostgreSQL as well as SQLite:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lsp_portal .venv/bin/pytest -m slow
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.loader import load_demo
from demo.synthetic import PLAN_SLUG, generate
from indicators.models import Indicator, Measurement
from partnership.models import Area, CommunityPlan
from themes.models import Theme


def _query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _indicator(plan: CommunityPlan, **kind) -> Indicator:
    indicator = Indicator.objects.public().filter(theme__plan=plan, **kind).order_by("theme__number", "order").first()
    assert indicator is not None, kind
    return indicator


def _page_counts(client, plan: CommunityPlan) -> dict[str, int]:
    """The query count of each public page, for pages of the same kind in ``plan``."""
    theme = Theme.objects.filter(plan=plan).order_by("number").first()
    area = Area.objects.filter(measurements__indicator__theme__plan=plan).order_by("name").first()
    cumulative = _indicator(plan, cumulative=True, area_kind="ward")
    by_area = _indicator(plan, cumulative=False, area_kind="ward")
    borough_only = _indicator(plan, area_kind="")
    urls = {
        "home": "/",
        "theme": theme.get_absolute_url(),
        "indicator, cumulative by area": cumulative.get_absolute_url(),
        "indicator, by area": by_area.get_absolute_url(),
        "indicator, borough only": borough_only.get_absolute_url(),
        "indicator CSV": f"/indicators/{cumulative.slug}.csv",
        "indicator JSON": f"/indicators/{by_area.slug}.json",
        "area": area.get_absolute_url(),
        "areas": "/areas/",
        "partners": "/partners/",
        "monitoring": "/about/monitoring/",
    }
    return {name: _query_count(client, url) for name, url in urls.items()}


@pytest.mark.slow
@pytest.mark.django_db
def test_public_page_query_counts_are_the_same_for_the_demo_and_180000_measurements(client):
    load_demo()
    demo = CommunityPlan.objects.current()
    demo_measurements = Measurement.objects.count()
    demo_counts = _page_counts(client, demo)

    generate(scale=1.0)
    synthetic = CommunityPlan.objects.current()
    assert synthetic.slug == PLAN_SLUG  # adopted, later start: the current plan
    assert Measurement.objects.count() > 20 * demo_measurements  # ~180,000 against ~8,000
    synthetic_counts = _page_counts(client, synthetic)

    # The counts the page tests state with the tiny plan hold on both datasets. Theme and
    # indicator pages include the consultation app's sections (page_sections): +3 on a theme
    # page (adopted suggestions, the theme's and its objectives' comment counts, latest comments),
    # +2 on an indicator page (comment count, latest comments).
    assert demo_counts == {
        "home": 6,
        "theme": 10,
        "indicator, cumulative by area": 10,
        "indicator, by area": 10,
        "indicator, borough only": 9,
        "indicator CSV": 2,
        "indicator JSON": 2,
        "area": 7,
        "areas": 2,
        "partners": 3,
        "monitoring": 5,
    }
    assert synthetic_counts == demo_counts
