"""/api/v1/ (ninja's operations, schema and docs, each wrapped by api.http.api_view), a
JSON 404 for anything else under /api/, and the public keys at their well-known URL.

Declared here without importing the API itself (api/api.py: ninja, pydantic and the
schemas, ~12 MB), which loads on the first request that needs it: every server process
loads this URLconf, and readers' pages only link to the API (reverse("api:article")).
The routes are the ones ninja makes of api.api's operations; tests/api/test_urls.py
keeps the two equal."""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import URLPattern, include, path, re_path

from . import transparency
from .http import api_view, error

# Ninja's names for the API's application and namespace (NinjaAPI(urls_namespace="api")).
APP_NAME, NAMESPACE = "ninja", "api"
# (route under /api/v1/, name) of every pattern ninja makes, in its order.
ROUTES = [
    ("openapi.json", "openapi-json"),
    ("docs", "openapi-view"),
    ("keys", "keys"),
    ("articles", "articles"),
    ("articles/<slug:slug>", "article"),
    ("conditions", "conditions"),
    ("conditions/<slug:slug>", "condition"),
    ("categories", "categories"),
    ("reviewers", "reviewers"),
    ("reviewers/<slug:slug>", "reviewer"),
    ("", "api-root"),
]


@cache
def ninja_views() -> dict[str, Callable[..., HttpResponseBase]]:
    """{name: view} of the patterns ninja makes for the API (imports it, once a process)."""
    from .api import api, index

    patterns, _, _ = api.urls
    views = {pattern.name: pattern.callback for pattern in patterns if isinstance(pattern, URLPattern) and pattern.name}
    # ninja's own root view only raises a 404 that names its docs URL; ours says where things are.
    views["api-root"] = index
    return views


def operation(name: str) -> Callable[..., HttpResponseBase]:
    """The view ninja makes for ``name``, found when it is first asked for."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return ninja_views()[name](request, *args, **kwargs)

    view.__name__ = view.__qualname__ = name.replace("-", "_")
    return view


def not_found(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return error(404, "not_found", "The API has nothing at this address: see /api/v1/docs.")


def well_known_keys(request: HttpRequest) -> HttpResponse:
    from .api import keys_document

    return JsonResponse(keys_document())


urlpatterns = [
    path(
        "api/v1/",
        include(([path(route, api_view(operation(name)), name=name) for route, name in ROUTES], APP_NAME), NAMESPACE),
    ),
    re_path(r"^api/", api_view(not_found)),
    path(".well-known/symptomsite-keys.json", api_view(well_known_keys), name="well_known_keys"),
    # The public review log (api/transparency.py): no ninja, so no schema to load for it.
    path("log/v1/checkpoint", api_view(transparency.checkpoint), name="log_checkpoint"),
    path("log/v1/entries", api_view(transparency.entries), name="log_entries"),
    path("log/v1/inclusion", api_view(transparency.inclusion), name="log_inclusion"),
    path("log/v1/consistency", api_view(transparency.consistency), name="log_consistency"),
]
