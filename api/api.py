"""The read-only content API, /api/v1/: live content only (the read model and the
signed-off revision snapshots, never a working copy), described by OpenAPI 3.1 at
/api/v1/openapi.json with interactive docs at /api/v1/docs."""

import json
import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError, ValidationError

from reviews.provenance import signing

from . import schemas
from .articles import router as articles
from .catalogue import router as catalogue
from .http import error

logger = logging.getLogger("django.request")
DESCRIPTION = """Medically reviewed symptom articles, as readers get them: every article is the
revision a named clinician signed off, never a working copy.

**Provenance.** Each article carries `content_hash`, the SHA-256 of its `document` as canonical
JSON (keys sorted, no whitespace, UTF-8, non-ASCII characters unescaped), and `signature`, an
Ed25519 signature of those same bytes made at sign-off. Check it with the public key named by
`signature.key_id` from `/api/v1/keys` (also at `/.well-known/symptomsite-keys.json`).

**Caching.** Answers carry `ETag` and `Cache-Control`; send `If-None-Match` to get `304 Not
Modified` when nothing changed. Any origin may read the API (CORS). Errors are JSON with a
stable `code`. A withdrawn article answers `410 Gone` with the date it was withdrawn."""


class LocalSwagger(Swagger):
    """The docs page with the Swagger UI ninja ships. ninja renders that only when it is an
    installed app, else a page that loads the UI from a CDN (which the site's CSP refuses);
    the site lists ninja's templates and static files by path instead (settings.NINJA_DIR),
    so that every server process need not import ninja, and renders the local page here."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # No CSRF token: the API takes no credentials (ninja adds one only for auth that needs it).
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": False}
        return render(request, self.template, context)


api = NinjaAPI(
    title="SymptomSite content API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=LocalSwagger(settings={"tryItOutEnabled": True, "defaultModelsExpandDepth": 0}),
)
api.add_router("", articles)
api.add_router("", catalogue)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(404, "not_found", str(exc) or "Nothing is published at this address.")


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        {"location": ".".join(str(part) for part in item.get("loc", ())), "message": item.get("msg", "invalid")}
        for item in exc.errors
    ]
    return error(400, "invalid_request", "The request's parameters are not valid.", errors=problems)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error(exc.status_code, "error", str(exc))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("Internal Server Error: %s", request.path, exc_info=exc)  # as Django logs its own 500s
    return error(500, "server_error", "Something went wrong on our side; try again in a few minutes.")


def keys_document() -> dict[str, Any]:
    """The public keys whose signatures the site vouches for, current first."""
    return {
        "site": settings.SITE_NAME,
        "signed": signing.SIGNED_BYTES,
        "keys": [
            {
                "key_id": key.key_id,
                "algorithm": signing.ALGORITHM,
                "public_key": key.base64,
                "public_key_pem": key.pem,
                "jwk": key.jwk,
                "status": "current" if key.current else "retired",
            }
            for key in signing.public_keys()
        ],
    }


@api.get(
    "/keys",
    response=schemas.Keys,
    url_name="keys",
    operation_id="getKeys",
    tags=["provenance"],
    summary="The site's public keys",
)
def keys(request: HttpRequest) -> dict[str, Any]:
    """The Ed25519 public keys that verify article signatures: the current key and the
    retired ones whose signatures are still valid. The same document is published at
    /.well-known/symptomsite-keys.json."""
    return keys_document()


def index(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """/api/v1/ itself: where things are."""
    links = {
        name: settings.SITE_URL + reverse(f"api:{name}")
        for name in ("articles", "conditions", "categories", "reviewers", "keys", "openapi-json", "openapi-view")
    }
    return JsonResponse({"title": api.title, "version": api.version, "links": links})
