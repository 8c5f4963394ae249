from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.my_returns_view, name="my-returns"),
    path("start/", views.signed_in, name="signed-in"),
    path("periods/", views.period_list, name="period-list"),
    path("periods/backfill/", views.period_backfill, name="period-backfill"),
    path("periods/<int:period_pk>/publish/", views.period_publish, name="period-publish"),
    path("periods/<int:period_pk>/<str:status>/", views.period_set_status, name="period-set-status"),
    path("<int:forum_pk>/<int:period_pk>/", views.return_detail, name="return-detail"),
    path("<int:forum_pk>/<int:period_pk>/edit/", views.return_edit, name="return-edit"),
    path("<int:forum_pk>/<int:period_pk>/approve/", views.return_approve, name="return-approve"),
    path("<int:forum_pk>/<int:period_pk>/send-back/", views.return_send_back, name="return-send-back"),
    path("<int:forum_pk>/<int:period_pk>/reopen/", views.return_reopen, name="return-reopen"),
    path("<int:forum_pk>/<int:period_pk>/history/", views.return_history, name="return-history"),
    path("<int:forum_pk>/<int:period_pk>/import/", views.return_import, name="return-import"),
    path(
        "<int:forum_pk>/<int:period_pk>/template.<str:fmt>",
        views.return_template_download,
        name="return-template",
    ),
]
