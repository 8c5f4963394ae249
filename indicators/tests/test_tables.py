"""The rows the widest tables write in Python (``indicators.tables``): escaped, and linked where the models link."""

import pytest
from django.test import Client

from indicators.models import Indicator
from indicators.tables import slug_urls
from partnership.models import Area

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;"


def test_titles_codes_and_area_names_are_shown_as_text_in_every_table(client, tiny_plan, personas):
    # The crime indicator is on the theme, area and indicator pages; feel safe is a dashboard exception.
    for number, indicator in enumerate((tiny_plan.crime, tiny_plan.feel_safe)):
        Indicator.objects.filter(pk=indicator.pk).update(title=HOSTILE, code=f"<b>C{number}</b>")
    Area.objects.filter(pk=tiny_plan.boxmoor.pk).update(name=HOSTILE)
    board = Client()
    board.force_login(personas["board_member"])
    pages = [
        (client, tiny_plan.safety.get_absolute_url()),
        (client, tiny_plan.crime.get_absolute_url()),
        (client, tiny_plan.highfield.get_absolute_url()),
        (board, f"/dashboard/?period={tiny_plan.period.pk}"),  # the latest closed quarter
    ]
    for visitor, url in pages:
        html = visitor.get(url).content.decode()
        assert "<script>alert" not in html and "<b>C" not in html, url
        assert ESCAPED in html, url


def test_rows_link_where_the_models_do(tiny_plan):
    indicators = list(Indicator.objects.filter(theme__plan=tiny_plan.plan).order_by("pk"))
    areas = [tiny_plan.boxmoor, tiny_plan.highfield]
    for objects in (indicators, areas):
        url = slug_urls(objects)
        assert [url(obj) for obj in objects] == [obj.get_absolute_url() for obj in objects]
    assert slug_urls([])  # nothing to link: no reversal, no error
