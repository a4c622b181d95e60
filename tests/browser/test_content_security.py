"""The Content-Security-Policy holds in a real browser: no page of the site, the review
workspace or the admin breaks it (nothing inline, nothing from elsewhere)."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from reviews.workflow import services
from tests.browser.conftest import load_demo, log_in
from tests.factories import UserFactory, reviewer_user
from tests.helpers import edit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


@pytest.fixture
def demo_revision():
    load_demo()
    reviewer_user("reviewer2", display_name="Dr Sam Okafor", credentials="MD")
    editor = get_user_model().objects.get(username="editor")
    article = edit(Article.objects.get(slug="muscle-atrophy"), editor, lead="Muscle atrophy is muscle loss.")
    return services.submit_for_review(article=article, by=editor, summary="Shorter lead.")


def visit(page, urls):
    found = {}
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.cspViolations")
        if violations:
            found[url] = violations
    return found


def test_public_pages_keep_the_policy(strict_page, demo_revision):
    urls = ["/", "/symptoms/muscle-atrophy/", "/navigator/?s=muscle-weakness", "/search/?q=weak", "/conditions/"]
    assert visit(strict_page, urls) == {}
    policy = strict_page.context.request.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def test_the_workspace_and_its_framed_preview_keep_the_policy(strict_page, demo_revision):
    log_in(strict_page, "reviewer2")
    urls = ["/review/", f"/review/revisions/{demo_revision.pk}/", f"/review/articles/{demo_revision.article_id}/"]
    assert visit(strict_page, urls) == {}
    frame = strict_page.frame_locator("iframe.revision-frame")
    assert "muscle atrophy" in frame.locator("h1").inner_text().lower()  # the preview may be framed by us


def test_the_admin_keeps_the_policy(strict_page, demo_revision):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    log_in(strict_page, "root")
    article = demo_revision.article_id
    urls = [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article}/change/",
        "/admin/articles/article/add/",
        "/admin/articles/condition/1/change/",
        "/admin/reviews/reviewevent/",
    ]
    assert visit(strict_page, urls) == {}


def test_control_the_listener_sees_a_violation(strict_page, demo_revision):
    strict_page.goto("/")
    strict_page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"https://example.invalid/x.png\">')")
    strict_page.wait_for_timeout(300)
    assert any("img-src" in v for v in strict_page.evaluate("window.cspViolations"))
