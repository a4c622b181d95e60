"""/api/v1/ (ninja's operations, schema and docs, each wrapped by api.http.api_view), a
JSON 404 for anything else under /api/, and the public keys at their well-known URL."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, include, path, re_path

from .api import api, index, keys_document
from .http import api_view, error

# Not named app_name: Django would take it for this module's namespace.
ninja_patterns, ninja_app, ninja_namespace = api.urls


def not_found(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return error(404, "not_found", "The API has nothing at this address: see /api/v1/docs.")


def well_known_keys(request: HttpRequest) -> HttpResponse:
    return JsonResponse(keys_document())


def _wrap(pattern: Any) -> URLPattern:
    # ninja's own root view only raises a 404 that names its docs URL; ours says where things are.
    callback = index if pattern.name == "api-root" else pattern.callback
    return URLPattern(pattern.pattern, api_view(callback), pattern.default_args, pattern.name)


urlpatterns = [
    path("api/v1/", include(([_wrap(p) for p in ninja_patterns], ninja_app), namespace=ninja_namespace)),
    re_path(r"^api/", api_view(not_found)),
    path(".well-known/symptomsite-keys.json", api_view(well_known_keys), name="well_known_keys"),
]
