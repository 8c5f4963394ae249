"""The annual report's URLs, under /reports/. Public first, then the support group's pages."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:year>/", views.report_detail, name="report-detail"),
    path("<int:year>/annual-report.pdf", views.report_pdf, name="report-pdf"),
    path("manage/", views.report_manage, name="report-manage"),
    path("build/", views.report_build, name="report-build"),
    path("<int:year>/status/", views.report_status, name="report-status"),
    path("<int:year>/publish/", views.report_publish, name="report-publish"),
    path("<int:year>/introduction/", views.report_introduction, name="report-introduction"),
]
