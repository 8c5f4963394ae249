"""The partnership's public pages. Included by the root urls under the ``partnership`` namespace."""

from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("partners/", views.partner_list, name="partner-list"),
    path("areas/", views.area_list, name="area-list"),
]
