"""The floor: the least a page of this portal can cost, served by the same gunicorn.

One request through the whole middleware stack (security headers, CSP, sessions, CSRF,
authentication, messages, history, axes), one database query, a few bytes of response.
Every page's throughput is divided by the floor's, measured in the same run, so the
ratios say how heavy a page is compared with "Django answering at all" on this machine.
"""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse


def floor(request: HttpRequest) -> HttpResponse:
    user = get_user_model().objects.only("id").order_by("id").first()
    return HttpResponse(f"floor {user.pk if user else 0}\n", content_type="text/plain; charset=utf-8")
