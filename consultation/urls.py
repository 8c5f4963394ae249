from django.urls import path  # noqa: F401 — patterns arrive with the consultation pages

app_name = "consultation"

urlpatterns: list = []
