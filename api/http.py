"""What every answer of the API shares, applied around each of its views: read-only
(GET and HEAD; OPTIONS answers a CORS preflight; anything else is a JSON 405), CORS for
any origin (the content is public and no request carries credentials), errors as JSON
with a stable code, Cache-Control, and a conditional GET: views that know a cheaper
validator set their own ETag (an article's comes from its content hash), the others get
one from the body."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag

View = Callable[..., HttpResponseBase]
METHODS = "GET, HEAD, OPTIONS"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag",
}
PREFLIGHT = {
    "Access-Control-Allow-Methods": METHODS,
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}
# Answers that stay true until the content changes may be kept; the others are asked again.
CACHEABLE = {200, 304, 404, 410}


def error(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    """An error as the API gives every error: {"code": ..., "message": ...} plus details."""
    return JsonResponse({"code": code, "message": message, **extra}, status=status, json_dumps_params={"default": str})


def cache_control(response: HttpResponseBase) -> HttpResponseBase:
    if not response.has_header("Cache-Control"):
        cacheable = response.status_code in CACHEABLE
        response["Cache-Control"] = f"public, max-age={settings.API_MAX_AGE}" if cacheable else "no-store"
    return response


def api_view(view: View) -> View:
    """Wrap one of the API's views (ninja's operations, docs and schema, and ours)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":
            response: HttpResponseBase = HttpResponse(status=204, headers={"Allow": METHODS, **PREFLIGHT})
            del response["Content-Type"]
        elif request.method not in ("GET", "HEAD"):
            response = error(405, "method_not_allowed", "The API is read-only: use GET.")
            response["Allow"] = METHODS
        else:
            head = request.method == "HEAD"
            request.method = "GET"  # the operations are declared for GET; HEAD is GET without the body
            response = view(request, *args, **kwargs)
            response = conditional(request, response)
            if head and isinstance(response, HttpResponse):
                response.content = b""
        for name, value in CORS.items():
            response[name] = value
        return cache_control(response)

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]  # read-only: a POST gets a 405, not a CSRF page
    return wrapper


def conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Give a 200 without an ETag one from its body, and answer 304 if the client has it."""
    if response.status_code != 200 or not isinstance(response, HttpResponse):
        return response
    if not response.has_header("ETag"):
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    return get_conditional_response(request, etag=response["ETag"], response=response) or response
