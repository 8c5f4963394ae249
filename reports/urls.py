from django.urls import path  # noqa: F401 — patterns arrive with the reports pages

app_name = "reports"

urlpatterns: list = []
