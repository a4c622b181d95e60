"""WCAG 2.1 AA in real Chromium: axe-core finds no violations, the keyboard reaches
everything, and pages stay usable at 320 px, with text at 200 % and in print."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article
from reviews.models import LinkCheck, LinkCitation, LinkStatus
from reviews.workflow import services
from tests.browser.conftest import load_demo, log_in
from tests.factories import reviewer_user

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]

PUBLIC = [
    "/",
    "/symptoms/",
    "/symptoms/muscle-atrophy/",  # has an emergency group
    "/conditions/guillain-barre-syndrome/",
    "/search/?q=atrofy",
    "/navigator/",
    "/navigator/?s=muscle-weakness&s=numbness-and-tingling",
    "/symptoms/muscle-atrophy/report/",
    "/symptoms/muscle-atrophy/report/thanks/",
    "/conditions/",
    "/categories/bones-joints-muscles/",
    "/reviewers/rosa-reyes/",
    "/search/?q=%21%21",
    "/no/such/page/",
    "/offline/",
    "/es/",  # Spanish: the demo's translations, one of them stale
    "/es/symptoms/dizziness/",
    "/es/symptoms/muscle-cramps/",
]


@pytest.fixture
def demo():
    load_demo()
    reviewer_user("reviewer2", display_name="Dr Sam Okafor", credentials="MD")
    editor = get_user_model().objects.get(username="editor")
    article = Article.objects.get(slug="muscle-atrophy")
    article.lead += " Staying active helps."
    article.last_edited_by = editor
    article.save()
    return services.submit_for_review(article=article, by=editor, summary="Mention activity.")


def violations(page):
    if not AXE.exists():
        pytest.fail("axe-core is missing: make install runs npm ci", pytrace=False)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))",
        WCAG_AA,
    )
    return result


def test_public_pages_have_no_axe_violations(page, demo):
    found = {}
    for url in PUBLIC:
        page.goto(url)
        problems = violations(page)
        if problems:
            found[url] = problems
    assert found == {}


def record_link_problems(revision):
    """What `manage.py check_links` would store if the revision's references were broken,
    moved and slow (no network), so the dashboard shows its table of them."""
    now = timezone.now()
    found = [
        {"status": LinkStatus.BROKEN, "http_status": 404},
        {"status": LinkStatus.REDIRECTED, "http_status": 200, "final_url": "https://www.nih.gov/moved-here"},
        {"status": LinkStatus.TIMEOUT, "error": "No answer within 10 seconds.", "failures": 3, "failing_since": now},
    ]
    for reference, fields in zip(revision.snapshot["references"], found, strict=False):
        hops = [{"url": reference["url"], "status": 301}] if fields["status"] == LinkStatus.REDIRECTED else []
        link = LinkCheck.objects.create(url=reference["url"], checked_at=now, redirects=hops, **fields)
        LinkCitation.objects.create(link=link, revision=revision, number=reference["number"], title=reference["title"])


def test_review_workspace_has_no_axe_violations(page, demo):
    record_link_problems(demo)
    log_in(page, "reviewer2")
    found = {}
    for url in ["/review/", f"/review/revisions/{demo.pk}/", f"/review/articles/{demo.article_id}/"]:
        page.goto(url)
        problems = violations(page)
        if problems:
            found[url] = problems
    assert found == {}


def test_axe_would_catch_a_violation(page, demo):
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v.startswith("image-alt") for v in violations(page))


def test_keyboard_alone_uses_the_navigator(page, demo):
    page.goto("/navigator/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    ticked = 0
    for _ in range(40):  # tab through the form, ticking the first two symptoms
        page.keyboard.press("Tab")
        kind = page.evaluate("document.activeElement.type")
        if kind == "checkbox" and ticked < 2:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", "focus must be visible"
            page.keyboard.press("Space")
            ticked += 1
        if kind == "submit" and ticked == 2:
            page.keyboard.press("Enter")
            break
    page.wait_for_selector("#results-heading")
    assert page.locator(".causes li").count() > 0
    assert page.url.count("s=") == 2


@pytest.mark.parametrize("width", [320, 1280])
def test_no_sideways_scrolling_at_320px_or_with_text_at_200_percent(page, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    for url in PUBLIC:
        page.goto(url)
        if width == 1280:
            page.add_style_tag(content="html { font-size: 200% !important; }")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{url} scrolls sideways by {overflow}px at {width}px"


def test_print_keeps_what_a_reader_needs_on_paper(page, demo):
    page.goto("/symptoms/muscle-atrophy/")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".toc").is_hidden()
    assert page.locator(".teaser a").first.is_hidden()  # no "Read more" on paper
    assert page.locator(".references .ref-url").first.is_visible()
    assert "medlineplus.gov" in page.locator(".references").inner_text()
    text = page.locator("article").inner_text()
    assert "Printed from SymptomSite: http://127.0.0.1:8000/symptoms/muscle-atrophy/" in text  # the page address
    assert "It does not replace advice from a doctor" in text and "call 911" in text  # the disclaimer
    assert "Medically reviewed by Dr Rosa Reyes, MD, FACS" in text and "Next review due" in text
    history = page.locator(".trust .print-only")
    assert history.is_visible() and "confirmed still accurate" in history.inner_text()  # expanded
    assert page.locator(".care__tier--emergency").is_visible()
    assert page.locator(".trust__check").is_hidden() and "SHA-256" not in text  # how to check: on screen only
