"""The API's URLconf (api/urls.py) declares ninja's routes without importing the API: the
routes stay the ones ninja makes, each reaches its operation, and the docs page still uses
the Swagger UI ninja ships."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse

from api import urls
from api.api import api

pytestmark = pytest.mark.django_db


def test_the_routes_are_the_ones_ninja_makes():
    patterns, app_name, namespace = api.urls
    assert [(str(pattern.pattern), pattern.name) for pattern in patterns] == urls.ROUTES
    assert (app_name, namespace) == (urls.APP_NAME, urls.NAMESPACE)


def test_every_route_reaches_its_operation():
    views = urls.ninja_views()
    for route, name in urls.ROUTES:
        kwargs = {"slug": "x"} if "<slug:slug>" in route else {}
        assert resolve(reverse(f"api:{name}", kwargs=kwargs)).url_name == name
        assert callable(views[name])
    assert reverse("api:article", args=["muscle-weakness"]) == "/api/v1/articles/muscle-weakness"


def test_the_docs_page_uses_the_swagger_ui_ninja_ships(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert '"url": "/api/v1/openapi.json"' in page
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")
