"""The interactive API docs (/api/v1/docs) work under the site's strict
Content-Security-Policy: Swagger UI is served from the site itself, nothing from a CDN."""

import pytest

from tests.factories import full_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


def test_the_docs_render_every_operation_and_try_one_out(strict_page, live_server):
    full_article(slug="muscle-atrophy")
    loaded = []
    strict_page.on("request", lambda request: loaded.append(request.url))
    strict_page.goto("/api/v1/docs")
    strict_page.wait_for_selector(".opblock-summary-path")
    paths = strict_page.locator(".opblock-summary-path").all_inner_texts()
    assert len(paths) == 8 and "/api/v1/articles/{slug}" in paths
    # Try the article operation from the page: it calls the API (connect-src 'self').
    strict_page.locator("#operations-articles-getArticle .opblock-summary").click()
    strict_page.locator("#operations-articles-getArticle input[placeholder='slug']").fill("muscle-atrophy")
    strict_page.locator("#operations-articles-getArticle .execute").click()
    strict_page.wait_for_selector("#operations-articles-getArticle .live-responses-table .response-col_status")
    assert "200" in strict_page.locator("#operations-articles-getArticle .live-responses-table").inner_text()
    assert strict_page.evaluate("window.cspViolations") == []
    assert all(url.startswith(live_server.url) for url in loaded), loaded
    policy = strict_page.context.request.get("/api/v1/docs").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
