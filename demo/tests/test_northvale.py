"""Northvale, the demo's second partnership: loaded from its plan package beside Dacorum."""

import datetime as dt

import pytest

from demo.loader import load_demo
from demo.northvale import load_northvale
from partnership import scope
from partnership.models import Area, CommunityPlan, Partnership, User

pytestmark = pytest.mark.django_db


def test_northvale_loads_from_its_package_once():
    assert load_northvale() is True
    assert load_northvale() is False
    northvale = Partnership.objects.get(slug="northvale")
    with scope.using(northvale):
        assert CommunityPlan.objects.get().title == "Safer, Healthier Northvale 2024–2029"
        assert Area.objects.filter(kind="policing_area").count() == 6
    assert User.objects.get(username="nv-support").check_password("lsp-demo-2015")


def test_beside_dacorum_each_partnership_shows_only_its_own(client):
    load_demo(today=dt.date(2015, 5, 15))
    load_northvale()
    theme = client.get("/northvale/themes/safer-northvale/").content.decode()
    assert "Target −2%, year to date" in theme and "(last year" in theme
    assert "Dacorum" not in theme
    assert "Northvale" not in client.get("/dacorum/").content.decode()
    root = client.get("/").content.decode()
    assert 'href="/dacorum/"' in root and 'href="/northvale/"' in root
