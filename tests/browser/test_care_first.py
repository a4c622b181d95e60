"""A worried reader on a phone sees what to do before anything else."""

import pytest

from reviews.models import Publication
from tests.browser.conftest import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 667}, base_url=live_server.url, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def test_the_emergency_advice_starts_in_the_first_screen_on_a_phone(phone):
    load_demo()
    phone.goto("/symptoms/muscle-atrophy/")
    emergency = phone.locator(".care__tier--emergency")
    box = emergency.bounding_box()
    assert box is not None and box["y"] < 667, box  # starts inside the first viewport
    order = phone.evaluate(
        """() => {
            const emergency = document.querySelector('.care__tier--emergency');
            const firstCauses = document.querySelector('.entries');
            return emergency.compareDocumentPosition(firstCauses) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order, "the emergency advice must come before the first list of causes"
    toc = phone.locator("nav.toc li").first.inner_text()
    assert toc == "When to get help"
    assert "Emergency: call 911 now if" in emergency.inner_text()


def test_the_first_emergency_statement_is_wholly_on_the_first_phone_screen_of_every_demo_article(phone):
    load_demo()
    below = {}
    for slug in Publication.objects.values_list("slug", flat=True):
        phone.goto(f"/symptoms/{slug}/")
        box = phone.locator(".care__tier--emergency li").first.bounding_box()
        if box is None or box["y"] + box["height"] > 667:
            below[slug] = box
    assert below == {}


def test_the_navigator_shows_advice_before_the_form_on_a_phone(phone):
    load_demo()
    phone.goto("/navigator/?s=muscle-weakness&s=numbness-and-tingling")
    box = phone.locator(".navigator-advice .care__tier--emergency").bounding_box()
    assert box is not None and box["y"] < 667
