"""How each request is answered: the health check, the language it is served in, and HEAD
without a body."""

from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation


class WorkspaceLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except in the staff workspace.

    The public pages carry their language in their address (/fr/... in French, the others in
    English), and Django serves every address without a language prefix in the default
    language. The staff workspace has one address per page, so that rule would keep it in
    English for everyone; there the language is the staff member's: the language cookie, else
    what their browser asks for (Accept-Language), else the default.
    """

    def process_request(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None


class HeadWithoutBodyMiddleware:
    """Answers HEAD with GET's headers, Content-Length included, and no body (RFC 9110).

    Django leaves dropping the body to the server; gunicorn does, but logs a warning for every
    such response, and load balancers often check a site with HEAD. Placed first, above
    CommonMiddleware, so the length of the GET body is set before the body goes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response


class HealthCheckMiddleware:
    """Answers GET and HEAD of /healthz with ``ok``, before any other middleware sees them.

    A load balancer probes each app server by its own address, over plain HTTP, so the probe
    must pass the HTTPS redirect and the Host check (ALLOWED_HOSTS) that every other request
    meets; the answer reveals nothing and touches neither the database nor a session. Placed
    just below HeadWithoutBodyMiddleware, which drops the body of the HEAD answer.
    """

    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.PATH and request.method in ("GET", "HEAD"):
            response = HttpResponse("ok", content_type="text/plain")
            response["Content-Length"] = str(len(response.content))
            return response
        return self.get_response(request)
