"""The themes app's public pages. Included by the root urls under the ``themes`` namespace."""

from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("cross-cutting/<slug:slug>/", views.cross_cutting_detail, name="cross-cutting-detail"),
]
