"""The new listing pages (A–Z letter pages, pagers) pass axe (WCAG 2.1 AA) in real
Chromium, and their navigation works with the keyboard alone (runs on SQLite, as the
other browser tests do)."""

import pytest

from public import queries
from tests.browser.conftest import load_demo
from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]

PAGES = [
    "/symptoms/",
    "/symptoms/a-z/m/",
    "/symptoms/a-z/m/page/2/",
    "/conditions/",
    "/conditions/a-z/g/",
    "/categories/bones-joints-muscles/page/2/",
    "/conditions/stroke/",
]


@pytest.fixture
def paged_demo(monkeypatch):
    """The demo content with listings of one entry a page, and A–Z on letter pages."""
    load_demo()
    monkeypatch.setattr(queries, "A_TO_Z_ON_ONE_PAGE", 0)
    monkeypatch.setattr(queries, "A_TO_Z_PAGE_SIZE", 1)
    monkeypatch.setattr(queries, "LIST_PAGE_SIZE", 1)


def test_letter_pages_and_pagers_have_no_axe_violations(page, paged_demo):
    found = {}
    for url in PAGES:
        response = page.goto(url)
        assert response is not None and response.status in {200, 404}, url
        if problems := violations(page):
            found[url] = problems
    assert found == {}


def test_a_reader_reaches_a_letter_and_its_next_page_with_the_keyboard(page, paged_demo):
    page.goto("/symptoms/")
    page.get_by_role("navigation", name="Symptoms by letter").get_by_role("link", name="M", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/symptoms/a-z/m/")
    assert page.get_by_role("heading", level=1).inner_text() == "Symptoms A–Z: M"
    current = page.get_by_role("navigation", name="Symptoms by letter").locator('[aria-current="page"]')
    assert current.inner_text() == "M"
    page.get_by_role("navigation", name="Pages of symptoms starting with M").get_by_role(
        "link", name="Next page"
    ).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/symptoms/a-z/m/page/2/")
    assert "Page 2 of" in page.locator(".pager__where").inner_text()
