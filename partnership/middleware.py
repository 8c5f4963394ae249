from django.conf import settings


class PermissionsPolicyMiddleware:
    """Tell browsers the portal never uses the camera, microphone, location or payments."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response


class ServiceUnavailableMiddleware:
    """A clear 503 page, not a 500, when Redis (cache or broker) is briefly unreachable.

    Reads keep working without the cache (see ``partnership.cache``); what truly needs
    Redis — rate-limited posts, queuing email — answers "try again in a minute", and
    nothing half-done is kept because the request's transaction is rolled back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, _unavailable_errors()):
            return None
        import logging

        from django.shortcuts import render

        logging.getLogger("partnership.unavailable").warning("service unavailable: %r", exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, BrokerError)


class PartnershipMiddleware:
    """Find the partnership a request is for, and work for it until the response is made.

    ``/dacorum/themes/…`` is the Dacorum partnership's theme page: the first segment of the
    path names the partnership, the rest is resolved by the ordinary URLconf, and the
    script prefix is set so that every ``reverse()`` and ``{% url %}`` in the request
    carries ``/dacorum/`` too. A portal with one partnership also answers short paths
    (``/themes/…``) as that partnership's. With several, a short path outside
    ``GLOBAL_PATHS`` (the list of partnerships, sign-in, the superuser's admin) is 404.

    The view runs inside ``scope.using(partnership)``: one transaction, rolled back if the
    answer is a server error, holding the database setting that row-level security reads.
    A superuser's admin with no partnership in the path runs in ``scope.everywhere()``.
    """

    GLOBAL_PATHS = ("/accounts/", "/admin/", "/health/", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import get_script_prefix, set_script_prefix

        from .models import Partnership

        prefix = get_script_prefix()
        partnerships = Partnership.objects.by_slug()  # once a request: a cache round trip
        partnership, rest = _named_in_path(request.path_info, partnerships)
        if partnership is not None:
            request.path_info = rest
            set_script_prefix(f"{prefix}{partnership.slug}/")
        else:
            # A portal with one partnership: every short path is its (sign-in and admin too).
            partnership = Partnership.objects.sole(among=partnerships)
            if partnership is None and not (
                request.path_info == "/" or request.path_info.startswith(self.GLOBAL_PATHS)
            ):
                from django.shortcuts import render

                request.partnership = None
                return render(request, "404.html", status=404)
        request.partnership = partnership
        try:
            return self._respond(request, partnership)
        finally:
            set_script_prefix(prefix)

    def _respond(self, request, partnership):
        from django.db import connection, transaction

        from . import scope

        if partnership is not None:
            within = scope.using(partnership, links=False)  # __call__ has set the prefix from the path
        elif request.path_info.startswith("/admin/") and request.user.is_superuser:
            within = scope.everywhere()
        else:
            return self.get_response(request)
        owns_transaction = not connection.in_atomic_block
        with within:
            response = self.get_response(request)
            if owns_transaction and response.status_code >= 500:
                transaction.set_rollback(True)
        return response


def _named_in_path(path: str, partnerships: dict):
    """The partnership the path's first segment names, and the rest of the path; or ``(None, path)``."""
    from .models import reserved_slugs

    first, _, rest = path.lstrip("/").partition("/")
    if not first or first in reserved_slugs():
        return None, path
    partnership = partnerships.get(first)
    if partnership is None:
        return None, path
    return partnership, "/" + rest
