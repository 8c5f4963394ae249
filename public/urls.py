"""The residents' public pages. Included by the root urls under the ``indicators`` namespace.

The namespace is the one these pages had before they left the indicators app: every
``{% url 'indicators:…' %}`` and ``Indicator.get_absolute_url`` still name them so. The
home page is the root url named ``home``; see ``partnership/urls.py``.
"""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<slug:slug>.csv", views.indicator_csv, name="indicator-csv"),
    path("indicators/<slug:slug>.json", views.indicator_json, name="indicator-json"),
    path("areas/<slug:slug>/", views.area_detail, name="area-detail"),
    path("about/monitoring/", views.monitoring, name="monitoring"),
]
