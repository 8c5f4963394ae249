from django.urls import path

from . import views

app_name = "plan_packages"
urlpatterns = [path("import/", views.package_import, name="import")]
