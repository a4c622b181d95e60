"""The review page in a real browser: the rendered revision opens at its first change,
tall enough to read, under the strict Content-Security-Policy."""

import pytest
from django.urls import reverse

from tests.browser.conftest import log_in
from tests.factories import editor_user, four_changes, reviewer_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]

IN_VIEW = """() => {
  const mark = document.getElementById("first-change");
  const box = mark.closest(".diff-changed").getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, height: innerHeight, scrolled: scrollY};
}"""


def test_the_rendered_revision_opens_at_the_first_change(strict_page):
    _, proposed = four_changes(editor_user("editor"))
    reviewer_user("reviewer")
    log_in(strict_page, "reviewer")

    strict_page.goto(reverse("reviews:revision", args=[proposed.pk]))
    strict_page.wait_for_load_state("networkidle")
    frame_element = strict_page.locator("iframe.revision-frame")
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_selector("#first-change", state="attached")
    # The frame scrolls to its fragment again once it has loaded (its stylesheet gives the
    # change room above it): measure after that, not while a busy machine still loads it.
    frame.wait_for_load_state("load")

    where = frame.evaluate(IN_VIEW)
    assert where["scrolled"] > 0  # the frame scrolled past the header to the change...
    assert 0 <= where["top"] and where["bottom"] <= where["height"]  # ...and shows the whole changed block
    assert "today" in frame.locator(".diff-changed").first.inner_text()
    assert strict_page.evaluate("scrollY") == 0  # the review page stays at its top: summary and diff first
    assert frame_element.bounding_box()["height"] >= 0.8 * 900 - 2  # 80vh of the 900 px window
    assert strict_page.evaluate("window.cspViolations") == []
    assert frame.evaluate("window.cspViolations") == []


def test_the_review_events_table_stays_in_its_column_at_1280_px(page):
    from tests.factories import UserFactory, full_article

    long_title = "What causes a symptom whose name is long enough to push a table column wide " * 2
    full_article(slug="long", title=long_title.strip())  # its review events name it
    UserFactory(username="root", is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "root")
    page.goto("/admin/reviews/reviewevent/")
    table = page.locator("#result_list").bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    assert table is not None and filters is not None
    assert table["x"] + table["width"] <= filters["x"] + 1  # never under the filter panel, nor cut off
