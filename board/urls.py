"""The board's pages, under /dashboard/: the dashboard, the indicators table, indicator analysis,
and the support group's list of what needs doing today."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("today/", views.support_today, name="support-today"),
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<slug:slug>/", views.indicator_analysis, name="indicator-analysis"),
]
