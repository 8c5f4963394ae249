"""The root urls: the only place that may import every app's urls.

Public pages need no login. The residents' pages with indicator data (home, theme,
indicator, area, monitoring) are views of the ``public`` app, under the ``indicators``
namespace they have always had; the board's pages are the ``board`` app's, under
``dashboard``.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from partnership import views as partnership_views
from partnership.forms import PasswordChangeForm, SetPasswordForm, SignInForm
from partnership.health import health
from public import views as public_views

urlpatterns = [
    path("", public_views.home, name="home"),
    path("", include("public.urls")),
    path("", include("partnership.public_urls")),
    path("", include("themes.urls")),
    path("returns/", include("returns.urls")),
    path("dashboard/", include("board.urls")),
    path("", include("consultation.urls")),
    path("reports/", include("reports.urls")),
    # Addresses from when areas could only be wards, kept for old links and bookmarks.
    path("wards/", RedirectView.as_view(pattern_name="partnership:area-list", permanent=True)),
    path("wards/<slug:slug>/", RedirectView.as_view(pattern_name="indicators:area-detail", permanent=True)),
    path("ward-plans/", RedirectView.as_view(pattern_name="consultation:area-plans", permanent=True)),
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
    path("admin/plan-packages/", include("plan_packages.urls")),
    path("admin/", admin.site.urls),
]
