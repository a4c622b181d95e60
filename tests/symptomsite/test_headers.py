"""Security headers on every response (symptomsite/content_security.py, middleware.py)."""

import pytest
from django.urls import reverse

from reviews.workflow import services
from tests.factories import full_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/symptoms/", "/account/login/", "/admin/login/", "/no/such/page/"])
def test_every_response_has_a_strict_csp_and_a_permissions_policy(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_only_the_revision_preview_may_be_framed_and_only_by_the_site(reviewer_client, editor):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    response = reviewer_client.get(reverse("public:revision_preview", args=[revision.pk]))
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    page = reviewer_client.get(reverse("reviews:revision", args=[revision.pk]))
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"] and page["X-Frame-Options"] == "DENY"
