"""The root urls: the only place that may import every app's urls.

Public pages need no login. Pages that show indicator data are views of the
``indicators`` app even where their URL reads ``/themes/…`` or ``/wards/…``, because
imports flow partnership ← themes ← indicators.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from indicators import views as indicator_views
from partnership import views as partnership_views
from partnership.forms import PasswordChangeForm, SetPasswordForm, SignInForm
from partnership.health import health

urlpatterns = [
    path("", indicator_views.home, name="home"),
    path("", include("indicators.urls")),
    path("", include("partnership.public_urls")),
    path("", include("themes.urls")),
    path("returns/", include("indicators.urls_returns")),
    path("dashboard/", include("indicators.urls_dashboard")),
    path("", include("consultation.urls")),
    path("reports/", include("reports.urls")),
    # The password reset is rate-limited and emails from a task; the rest is Django's own, with
    # forms whose messages say what to do (partnership/forms.py).
    path("accounts/password_reset/", partnership_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    # Sign-in, sign-out, password change and reset by email (templates in templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
