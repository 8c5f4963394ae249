"""The partnership's public pages (partners by sector, the list of areas) and the password reset."""

import functools

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from . import ratelimit
from .cache import public_page
from .forms import PasswordResetForm
from .models import CommunityPlan, Partnership
from .selectors import areas_by_kind, partners_by_sector
from .tasks import send_password_reset_task


def partnership_index(request: HttpRequest) -> HttpResponse:
    """The portal's front page when it serves several partnerships (or none yet): the list of them."""
    partnerships = sorted(
        (p for p in Partnership.objects.by_slug().values() if p.is_listed), key=lambda p: p.name.casefold()
    )
    # ``partnership_list``: no plan's menu here, whose short links lead nowhere with several partnerships.
    return render(
        request, "partnership/partnership_index.html", {"partnerships": partnerships, "partnership_list": True}
    )


@public_page
def partner_list(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current()
    return render(request, "partnership/partner_list.html", {"plan": plan, "sectors": partners_by_sector(plan)})


@public_page
def area_list(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current()
    return render(request, "partnership/area_list.html", {"plan": plan, "kinds": areas_by_kind()})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, rate-limited, with the email sent by a Celery task.

    Per client address (``PASSWORD_RESET_LIMIT_PER_CLIENT``): beyond it, a 429 page that
    says when to try again. Per email address (``PASSWORD_RESET_LIMIT_PER_EMAIL``): beyond
    it nothing is sent, but the page is the same “check your email” page as ever, so it
    never tells whether an account uses the address. The email is queued once the request's
    transaction commits, so the request never waits for the mail server.
    """

    form_class = PasswordResetForm

    def form_valid(self, form):
        seconds = settings.PASSWORD_RESET_LIMIT_SECONDS
        client = "ip:" + ratelimit.client_ip(self.request)
        if not ratelimit.hit("password-reset", client, count=settings.PASSWORD_RESET_LIMIT_PER_CLIENT, seconds=seconds):
            exc = ratelimit.RateLimited("password-reset", seconds)
            return ratelimit.too_many_requests(self.request, exc, "registration/password_reset_429.html")
        email = form.cleaned_data["email"].strip().lower()
        if ratelimit.hit(
            "password-reset", "email:" + email, count=settings.PASSWORD_RESET_LIMIT_PER_EMAIL, seconds=seconds
        ):
            send = functools.partial(
                send_password_reset_task.delay,
                form.cleaned_data["email"],
                self.request.get_host(),
                self.request.is_secure(),
            )
            transaction.on_commit(send)
        return HttpResponseRedirect(self.get_success_url())
