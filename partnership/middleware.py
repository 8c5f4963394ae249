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
