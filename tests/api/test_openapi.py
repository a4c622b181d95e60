"""The API's OpenAPI 3.1 description is valid, and the API keeps it: a schema-driven
fuzzer (schemathesis) calls every operation with generated valid and invalid input, in
process, and checks each answer against the schema (status codes, content types, bodies,
headers), never a server error."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from reviews.workflow import services
from tests.factories import full_article, publish, reviewer_user

pytestmark = pytest.mark.django_db

FUZZ = {
    "generation": {"max-examples": 15},
    # A drawn slug may name a withdrawn article (410) and a validator a current one (304).
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "304", "404", "410"]}},
}


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3_1(openapi):
    assert openapi["openapi"].startswith("3.1")
    validate(openapi)  # raises on any departure from the OpenAPI 3.1 specification


def test_the_validator_finds_a_broken_schema(openapi):
    """Control: the check above can fail."""
    openapi["paths"]["/api/v1/articles"]["get"]["responses"]["200"] = {"content": "not a map"}
    with pytest.raises(OpenAPIValidationError):
        validate(openapi)


def test_every_operation_is_documented(openapi):
    operations = {(path, method) for path, item in openapi["paths"].items() for method in item}
    assert operations == {
        ("/api/v1/articles", "get"),
        ("/api/v1/articles/{slug}", "get"),
        ("/api/v1/conditions", "get"),
        ("/api/v1/conditions/{slug}", "get"),
        ("/api/v1/categories", "get"),
        ("/api/v1/reviewers", "get"),
        ("/api/v1/reviewers/{slug}", "get"),
        ("/api/v1/keys", "get"),
    }


# Loaded as the test module is (no database needed): schemathesis' lazy fixture loader
# does not run under pytest 9 yet.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=schemathesis.Config.from_dict(FUZZ)
)


@pytest.fixture
def content(signing_key, editor, site_admin):
    """Something of each kind to find, under the names the schema's examples use: a
    signed article listing conditions (stroke among them), its reviewer, and a
    withdrawn article."""
    reviewer = reviewer_user("rosa-reyes", display_name="Dr Rosa Reyes")
    publish(full_article(slug="muscle-atrophy", live=False), editor=editor, reviewer=reviewer)
    gone = full_article(slug="back-pain", live=False)
    publish(gone, editor=editor, reviewer=reviewer)
    services.withdraw(article=gone, by=site_admin, reason="fuzzing")


@pytest.fixture
def connection_kept():
    """The real WSGI handler closes the database connection after each request, which
    would end the test's transaction; Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, content, connection_kept):
    # The in-process client would not decompress what symptomsite/compression.py compresses.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
