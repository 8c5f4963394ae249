from django.urls import path  # noqa: F401 — patterns arrive with the board dashboard

app_name = "dashboard"

urlpatterns: list = []
