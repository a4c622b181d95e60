"""What every answer of the API shares (api/http.py): read-only, CORS, JSON errors with a
code, caching headers, conditional GET; and field names that stay put."""

import pytest

from api import catalogue
from tests.api.conftest import get_json
from tests.factories import reviewer_user

pytestmark = pytest.mark.django_db


def test_any_origin_may_read_and_see_the_etag(client, live):
    response = client.get("/api/v1/articles/muscle-weakness", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_preflight_allows_get_with_if_none_match(client, db):
    response = client.options(
        "/api/v1/articles",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, live, method):
    response = getattr(client, method)("/api/v1/articles/muscle-weakness", data={}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Cache-Control"] == "no-store"


def test_head_is_get_without_the_body(client, live):
    response = client.head("/api/v1/articles/muscle-weakness")
    assert response.status_code == 200 and response.content == b"" and response["ETag"]


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing", "/api/v2/articles", "/api/v1/articles/", "/api/v1/articles/not a slug"]
)
def test_unknown_addresses_get_a_json_404(client, db, url):
    _, body = get_json(client, url, status=404)
    assert body["code"] == "not_found" and body["message"]


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=x", "offset=-1", "category=no%20spaces", "updated_since=2026-13-01"]
)
def test_bad_parameters_get_a_json_400_that_names_them(client, db, query):
    _, body = get_json(client, f"/api/v1/articles?{query}", status=400)
    assert body["code"] == "invalid_request"
    assert body["errors"][0]["location"] == f"query.{query.split('=')[0]}"


def test_lists_answer_304_to_their_etag(client, live):
    first, _ = get_json(client, "/api/v1/articles")
    again = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_index_says_where_things_are(client, db):
    _, body = get_json(client, "/api/v1/")
    assert body["links"]["articles"] == "http://127.0.0.1:8000/api/v1/articles"
    assert body["links"]["openapi-json"] == "http://127.0.0.1:8000/api/v1/openapi.json"


# The contract: names a client may rely on. Add fields freely; renaming or removing one
# needs /api/v2/.
FIELDS = {
    "article": {
        "slug",
        "title",
        "question",
        "url",
        "revision",
        "content_hash",
        "signature",
        "statement",
        "log",
        "reviewer",
        "last_reviewed",
        "next_review_due",
        "review_overdue",
        "review_history",
        "keys_url",
        "citation",
        "document",
    },
    "summary": {
        "slug",
        "title",
        "question",
        "lead",
        "url",
        "api_url",
        "revision",
        "content_hash",
        "last_reviewed",
        "next_review_due",
        "reviewer",
    },
    "page": {"count", "limit", "offset", "next", "previous", "results"},
    "reviewer": {"name", "credentials", "slug", "url"},
    "signature": {"algorithm", "key_id", "value"},
    "condition": {"slug", "name", "gloss", "also_called", "lay_terms", "codes", "url", "api_url"},
    "condition_detail": {"own_article", "articles"},
    "listing": {"slug", "title", "url", "api_url", "section", "group", "urgency", "likelihood"},
    "category": {"slug", "name", "article_count", "url", "articles_url"},
    "key": {"key_id", "algorithm", "public_key", "public_key_pem", "jwk", "status"},
}


def test_field_names_are_stable(client, live):
    _, article = get_json(client, "/api/v1/articles/muscle-weakness")
    assert set(article) == FIELDS["article"]
    assert set(article["reviewer"]) == FIELDS["reviewer"] and set(article["signature"]) == FIELDS["signature"]
    _, page = get_json(client, "/api/v1/articles")
    assert set(page) == FIELDS["page"] and set(page["results"][0]) == FIELDS["summary"]
    _, conditions = get_json(client, "/api/v1/conditions")
    assert set(conditions["results"][0]) == FIELDS["condition"]
    _, condition = get_json(client, conditions["results"][0]["api_url"])
    assert set(condition) == FIELDS["condition"] | FIELDS["condition_detail"]
    assert set(condition["articles"][0]) == FIELDS["listing"]
    _, keys = get_json(client, "/api/v1/keys")
    assert set(keys) == {"site", "signed", "keys"} and set(keys["keys"][0]) == FIELDS["key"]


def test_the_well_known_keys_are_the_apis(client, live):
    assert client.get("/.well-known/symptomsite-keys.json").json() == client.get("/api/v1/keys").json()


def test_a_server_error_is_json_too(client, db, monkeypatch, caplog):
    monkeypatch.setattr(catalogue, "reviewer", lambda profile: 1 / 0)
    reviewer_user("rosa")
    _, body = get_json(client, "/api/v1/reviewers/rosa", status=500)
    assert body["code"] == "server_error"
    assert "ZeroDivisionError" in caplog.text
