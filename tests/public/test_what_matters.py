"""What matters, where it is seen: an overdue review at the top of the article and in the
workspace, the site's one emergency wording on every page that gives advice, an icon for
each tier, and the hash and signed download behind "How to check this page"."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Urgency
from reviews.workflow import services
from tests.factories import EntryGroupFactory, SectionFactory, full_article, give_sign, publish
from tests.helpers import login

pytestmark = pytest.mark.django_db


def with_care(article):
    for order, tier in enumerate(("emergency", "urgent", "routine")):
        give_sign(article, order, tier, f"a {tier} sign")
    return article


def overdue_article(editor, reviewer):
    article = with_care(full_article(slug="annual", live=False))
    year_ago = timezone.now() - datetime.timedelta(days=400)
    revision = services.submit_for_review(article=article, by=editor, summary="x", now=year_ago)
    services.approve(revision=revision, reviewer=reviewer, now=year_ago)
    return article


def test_an_overdue_review_is_said_at_the_top_of_the_article(client, editor, reviewer):
    overdue_article(editor, reviewer)
    page = client.get("/symptoms/annual/").content.decode()
    notice = page.index('class="notice notice--overdue"')
    assert page.index('id="article-title"') < notice < page.index('class="lead') < page.index("When to get help")
    assert "Review overdue</strong> since" in page


def test_a_current_review_shows_no_overdue_notice(client, live_publication):
    assert "notice--overdue" not in client.get(f"/symptoms/{live_publication.slug}/").content.decode()


def test_the_workspace_flags_an_overdue_article(client, editor, reviewer, second_reviewer, live_publication):
    article = overdue_article(editor, reviewer)
    login(client, second_reviewer)
    assert "Annual review overdue." in client.get(f"/review/articles/{article.pk}/").content.decode()
    current = client.get(f"/review/articles/{live_publication.article_id}/").content.decode()
    assert "Annual review overdue." not in current


def test_every_page_that_gives_advice_names_the_sites_emergency_number(client, settings, editor, reviewer, site_admin):
    settings.EMERGENCY_NUMBER = "999"
    article = full_article(slug="cramps", live=False)
    EntryGroupFactory(section=SectionFactory(article=article), urgency=Urgency.EMERGENCY, lead_in="")
    publish(article, editor=editor, reviewer=reviewer)
    gone = full_article(slug="gone")
    services.withdraw(article=gone, by=site_admin, reason="Outdated")
    pages = {
        "article": client.get("/symptoms/cramps/"),
        "report": client.get("/symptoms/cramps/report/"),
        "withdrawn": client.get("/symptoms/gone/"),
        "search": client.get("/search/?q=cramps"),
    }
    for name, response in pages.items():
        text = response.content.decode()
        assert "999" in text and "911" not in text and "local emergency number" not in text, name
    lead_in = "Get emergency care now: call 999 or go to the nearest emergency department."
    assert lead_in in pages["article"].content.decode()


def test_the_server_error_page_names_the_sites_emergency_number(settings):
    settings.EMERGENCY_NUMBER = "112"
    settings.ROOT_URLCONF = "tests.public.error_urls"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500 and "in an emergency, call 112." in response.content.decode()


def test_each_care_tier_has_its_icon_and_the_check_is_a_disclosure(client, editor, reviewer):
    publish(with_care(full_article(slug="cramps", live=False)), editor=editor, reviewer=reviewer)
    page = client.get("/symptoms/cramps/").content.decode()
    for tier in ("emergency", "urgent", "routine"):
        heading = page.split(f'id="care-{tier}">', 1)[1].split("</h3>", 1)[0]
        assert heading.startswith('<span class="care__icon" aria-hidden="true">'), tier
    check = page.split('<details class="trust__check">', 1)[1].split("</details>", 1)[0]
    assert "<summary>How to check this page</summary>" in check
    assert "SHA-256" in check and "Download it as signed off" in check
