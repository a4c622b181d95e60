"""Requests that can only come from a crafted client get a clear 400, never a 500."""

import logging
from collections.abc import Callable

from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .compression import carries_secrets

logger = logging.getLogger(__name__)


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


class BadInputMiddleware:
    """NUL characters are never legitimate input (PostgreSQL cannot store them), and a
    write the database refuses (a constraint a hand-made form slipped past) is the
    sender's mistake: both are answered with 400 and nothing is saved (the admin writes
    in one transaction per request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    # Readers' pages handle odd input themselves (search drops control characters, forms
    # say what is wrong); the admin passes search terms straight to the database.
    STAFF = ("/admin/", "/_nested_admin/", "/review/", "/account/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.STAFF):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            return bad_request(request, "The address contains a character that is not allowed.")
        form = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        if form and any("\x00" in value for values in request.POST.lists() for value in values[1]):
            return bad_request(request, "The form contains a character that is not allowed.")
        # The admin looks a record up by the field `_to_field` names: named but empty, it
        # asks for a field called "" (a 500 in Django's own views).
        if request.GET.get(self.TO_FIELD) == "" or (form and request.POST.get(self.TO_FIELD) == ""):
            return bad_request(request, "The address names no field to find the record by.")
        return self.get_response(request)

    TO_FIELD = "_to_field"  # django.contrib.admin.options.TO_FIELD_VAR

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DataError | IntegrityError) and request.method == "POST":
            logger.warning("Refused a write the database would not take: %s", exception, exc_info=exception)
            return bad_request(request, "This change could not be saved as sent, so nothing was changed.")
        return None


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response: a health page needs no camera, microphone,
    location, payment or interest tracking, and says so. (Content-Security-Policy comes
    from django-csp, configured in settings.)"""

    POLICY = (
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), "
        "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        "publickey-credentials-get=(), usb=(), browsing-topics=(), interest-cohort=()"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class CachePolicyMiddleware:
    """Shared caches keep only what a view marked public (the public pages, public/http.py).
    Any other response gets ``private, no-cache`` if it said nothing (search, the navigator,
    errors: the reader's browser may keep them, asking again each time); a response that
    carries a CSRF token or depends on who asks (staff pages, forms, the login) gets
    ``private, no-store`` whatever it said: no cache anywhere may keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        control = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
        if carries_secrets(request, response):
            if not {"private", "no-store"} <= control or "public" in control:
                response["Cache-Control"] = "private, no-store"
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        return response
