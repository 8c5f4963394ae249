"""The portal's URLs plus the benchmark's floor view (``bench.settings`` only)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench-floor"),
    path("", include("partnership.urls")),
]
