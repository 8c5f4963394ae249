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
