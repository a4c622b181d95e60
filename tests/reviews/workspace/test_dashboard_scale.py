"""The review dashboard at any number of articles: every list a page at a time with its
total and links to the rest, the sort kept across pages, bad page numbers harmless, the
same queries for 3 and 30 publications, and no query reading snapshots, histories or
bodies. The per-article pages likewise do not grow with the number of articles."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import (
    ConditionListing,
    LinkCheck,
    LinkCitation,
    LinkStatus,
    ProblemReport,
    Publication,
    ReviewEvent,
)
from reviews.workflow import services
from reviews.workspace import views
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    publish,
    symptom,
    waiting,
)
from tests.html_checker import vnu_problems

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DASHBOARD = reverse("reviews:dashboard")
# Columns the dashboard never shows: a revision's document, a page's public history, the
# text of an article or of its search document.
BIG_COLUMNS = re.compile(r'\."(snapshot|history|body|lead|vector|emergency_vector|withdrawn_reason|data)"')


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "LINKS_PAGE_SIZE", 2)


def live(title, *, days_ago=0, editor=None, reviewer=None):
    """A live article signed off ``days_ago`` days ago (overdue from 366 days ago)."""
    return symptom(title, editor=editor, reviewer=reviewer, now=timezone.now() - datetime.timedelta(days=days_ago))


def showing_changed_condition(title):
    """A live article listing a condition whose gloss was edited after the sign-off."""
    article = ArticleFactory(title=title, slug=title.lower().replace(" ", "-"))
    section = SectionFactory(article=article, order=1, heading="Common causes")
    condition = ConditionFactory(name=f"{title} cause", slug=f"{article.slug}-cause")
    EntryFactory(group=EntryGroupFactory(section=section, order=0, heading="Causes"), order=0, condition=condition)
    publish(article)
    condition.gloss = "an edited gloss"
    condition.save()
    return article


def reported(article, message="The dose is wrong."):
    publication = Publication.objects.get(article=article)
    return ProblemReport.objects.create(article=article, revision_id=publication.revision_id, message=message)


def broken_link(article, url):
    publication = Publication.objects.get(article=article)
    link = LinkCheck.objects.create(url=url, status=LinkStatus.BROKEN, http_status=404, checked_at=timezone.now())
    return LinkCitation.objects.create(link=link, revision_id=publication.revision_id, number=1, title=f"{url} source")


def section(page, anchor, next_anchor):
    return page.split(f'id="{anchor}"')[1].split(f'id="{next_anchor}"')[0]


def card(page, label):
    return re.search(rf'<div class="display-6">(\d+)</div>{label}', page).group(1)


def get(client, **params):
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def five_overdue(editor, reviewer):
    """Five overdue articles, titles in the opposite order to their due dates."""
    return [
        live(f"Overdue {letter}", days_ago=400 + n, editor=editor, reviewer=reviewer)
        for n, letter in enumerate("ABCDE")
    ]


def test_overdue_shows_a_page_with_the_total_and_links_to_the_rest(reviewer_client, small_pages, five_overdue):
    page = get(reviewer_client)
    assert card(page, "overdue") == "5"
    overdue = section(page, "overdue", "due-soon")
    assert overdue.count("<tr class=") == 2  # two rows of five (the oldest due first: E, D)
    assert "Overdue E" in overdue and "Overdue D" in overdue and "Overdue A" not in overdue
    assert "1–2 of 5" in overdue and "Page 1 of 3" in overdue
    assert 'href="?overdue_page=2#overdue" rel="next"' in overdue and 'rel="prev"' not in overdue
    last = section(get(reviewer_client, overdue_page=3), "overdue", "due-soon")
    assert "Overdue A" in last and "Overdue B" not in last and "5–5 of 5" in last
    assert 'href="?overdue_page=2#overdue" rel="prev"' in last and 'rel="next"' not in last


def test_the_sort_is_kept_across_pages(reviewer_client, small_pages, five_overdue):
    overdue = section(get(reviewer_client, sort="title", overdue_page=2), "overdue", "due-soon")
    assert re.findall(r">(Overdue [A-E])</a>", overdue) == ["Overdue C", "Overdue D"]
    assert 'href="?sort=title&amp;overdue_page=3#overdue" rel="next"' in overdue
    assert 'href="?sort=title&amp;overdue_page=1#overdue" rel="prev"' in overdue
    newest_first = section(get(reviewer_client, sort="-due"), "overdue", "due-soon")
    assert re.findall(r">(Overdue [A-E])</a>", newest_first) == ["Overdue A", "Overdue B"]
    # Choosing a sort starts the list again at its first page.
    assert 'href="?sort=title#overdue"' in overdue


def test_each_list_keeps_the_pages_of_the_others(reviewer_client, small_pages, editor, reviewer, five_overdue):
    for n in range(3):
        live(f"Soon {n}", days_ago=350, editor=editor, reviewer=reviewer)
    soon = section(get(reviewer_client, overdue_page=2, sort="title"), "due-soon", "shared")
    assert card(get(reviewer_client), "due within 30 days") == "3"
    assert 'href="?overdue_page=2&amp;sort=title&amp;soon_page=2#due-soon" rel="next"' in soon


@pytest.mark.parametrize("value", ["abc", "0", "-1", "", "2.5", "99", "9" * 40, "%00"])
def test_bad_page_numbers_show_a_page_not_an_error(reviewer_client, small_pages, five_overdue, value):
    page = get(reviewer_client, overdue_page=value, soon_page=value, links_page=value, sort=value)
    overdue = section(page, "overdue", "due-soon")
    assert overdue.count("<tr class=") in {1, 2}  # the first page, or for a number past the end the last
    assert card(page, "overdue") == "5"


def test_waiting_reports_shared_changes_and_links_are_paged_with_their_totals(
    reviewer_client, small_pages, editor, reviewer
):
    for n in range(3):
        waiting(ArticleFactory(title=f"Waiting {n}"), editor=editor, summary="First draft")
    for n in range(3):
        showing_changed_condition(f"Changed {n}")
    cited = [live(f"Cited {n}", editor=editor, reviewer=reviewer) for n in range(3)]
    for n, article in enumerate(cited):
        reported(article, f"Report number {n}")
        broken_link(article, f"https://example.org/gone/{n}")
    page = get(reviewer_client)
    assert card(page, "waiting for review") == "3" and card(page, "open reader reports") == "3"
    assert card(page, "with changed conditions or signs") == "3" and card(page, "reference links to fix") == "3"
    for anchor, next_anchor, param in [
        ("waiting", "overdue", "waiting"),
        ("shared", "reports-h", "shared"),
        ("reports-h", "links-h", "reports"),
        ("links-h", "chart", "links"),
    ]:
        part = section(page, anchor, next_anchor)
        assert "1–2 of 3" in part and f'href="?{param}_page=2#{anchor}" rel="next"' in part, anchor
        rest = section(get(reviewer_client, **{f"{param}_page": 2}), anchor, next_anchor)
        assert "3–3 of 3" in rest, anchor
    links = section(page, "links-h", "chart")
    assert "1–2 of 3 articles" in links  # the links are paged by article
    assert "Cited 0" in links and "Cited 1" in links and "Cited 2" not in links  # by article title
    assert "Cited 2" in section(get(reviewer_client, links_page=2), "links-h", "chart")
    reports = section(page, "reports-h", "links-h")
    assert "Report number 0" in reports and "Report number 2" not in reports  # oldest first


def populate(count, *, editor, reviewer):
    """``count`` publications spread over every list, and one of each kind of row."""
    for n in range(count):
        live(f"Bulk {count} {n}", days_ago=(400, 350, 100)[n % 3], editor=editor, reviewer=reviewer)
    waiting(ArticleFactory(title=f"Waiting {count}"), editor=editor, summary="First draft")
    changed = showing_changed_condition(f"Changed {count}")
    reported(changed)
    broken_link(changed, f"https://example.org/gone/{count}")


def dashboard_queries(client):
    client.get(DASHBOARD)  # warm: the session, the second factor, the cached shared list
    with CaptureQueriesContext(connection) as queries:
        page = get(client)
    return page, [query["sql"] for query in queries.captured_queries]


def test_the_dashboard_makes_the_same_queries_for_3_and_30_publications(reviewer_client, small_pages, editor, reviewer):
    populate(3, editor=editor, reviewer=reviewer)
    few_page, few = dashboard_queries(reviewer_client)
    populate(27, editor=editor, reviewer=reviewer)
    many_page, many = dashboard_queries(reviewer_client)
    assert Publication.objects.count() == 32
    assert card(many_page, "overdue") == "10" and card(few_page, "overdue") == "1"
    assert len(many) == len(few)
    overdue = section(many_page, "overdue", "due-soon")
    assert overdue.count("<tr class=") == 2 and "1–2 of 10" in overdue  # a page, not the 10 rows


def test_no_dashboard_query_reads_snapshots_histories_or_bodies(reviewer_client, editor, reviewer):
    populate(3, editor=editor, reviewer=reviewer)
    with CaptureQueriesContext(connection) as queries:
        get(reviewer_client, sort="title")
    read = [query["sql"] for query in queries.captured_queries if BIG_COLUMNS.search(query["sql"])]
    assert read == []


def page_queries(client, article, revision):
    """The SQL of the workspace's article page and revision page, each rendered a second
    time (the first warms what is cached per process)."""
    out = []
    for url in reverse("reviews:article", args=[article.pk]), reverse("reviews:revision", args=[revision.pk]):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        out.append([query["sql"] for query in queries.captured_queries])
    return tuple(out)


def test_the_article_and_revision_pages_do_not_grow_with_other_articles(reviewer_client, editor, reviewer):
    article = live("Tremor", days_ago=400, editor=editor, reviewer=reviewer)
    reported(article)
    article.lead = "A clearer lead."
    article.save()
    revision = services.submit_for_review(article=article, by=editor, summary="Clearer lead")
    few = page_queries(reviewer_client, article, revision)
    populate(12, editor=editor, reviewer=reviewer)
    many = page_queries(reviewer_client, article, revision)
    assert [len(queries) for queries in many] == [len(queries) for queries in few]
    # The article page reads one document (the live revision, which the four-eyes check
    # also reads), not one per revision listed.
    assert sum('."snapshot"' in query for query in many[0]) == 1


def test_an_article_page_shows_the_latest_events_and_says_older_ones_exist(
    reviewer_client, editor, reviewer, monkeypatch
):
    monkeypatch.setattr(views, "HISTORY", 3)
    article = live("Cramp", editor=editor, reviewer=reviewer)
    url = reverse("reviews:article", args=[article.pk])
    assert "Older ones are in the audit log" not in reviewer_client.get(url).content.decode()  # two events
    for n in range(2):
        article.lead = f"Lead number {n}."
        article.save()
        publish(article, editor=editor, reviewer=reviewer)
    page = reviewer_client.get(url).content.decode()
    history = page.split('id="history-h"')[1]
    newest = ReviewEvent.objects.filter(article=article).order_by("-seq")
    assert [f"#{event.seq}" in history for event in newest] == [True, True, True, False, False, False]
    assert "The latest 3 events. Older ones are in the audit log" in history


def test_the_dashboard_with_every_list_paged_is_valid_html(reviewer_client, small_pages, editor, reviewer, tmp_path):
    populate(3, editor=editor, reviewer=reviewer)
    for n in range(3):
        waiting(ArticleFactory(title=f"More waiting {n}"), editor=editor, summary="First draft")
        changed = showing_changed_condition(f"More changed {n}")
        reported(changed)
        broken_link(changed, f"https://example.org/more/{n}")
    files = {}
    for n, params in enumerate([{}, {"overdue_page": 2, "waiting_page": 2, "links_page": 2, "sort": "title"}]):
        page = get(reviewer_client, **params)
        assert page.count('rel="next"') + page.count('rel="prev"') >= 4  # pagers are on the page
        path = tmp_path / f"dashboard{n}.html"
        path.write_text(page)
        files[str(path)] = f"{DASHBOARD}?{params}"
    problems = vnu_problems(files)
    assert problems == [], "\n".join(problems)


def test_links_of_a_first_revision_waiting_for_review_are_listed(reviewer_client, editor):
    revision = waiting(
        ArticleFactory(title="Never live"), editor=editor, summary="First draft"
    )  # no publication to join: still checked
    link = LinkCheck.objects.create(url="https://example.org/x", status=LinkStatus.BROKEN, checked_at=timezone.now())
    LinkCitation.objects.create(link=link, revision=revision, number=1, title="Source one")
    links = section(get(reviewer_client), "links-h", "chart")
    assert "Never live" in links and "revision 1 (waiting for review)" in links


def test_the_shared_changes_list_follows_every_edit_and_sign_off(reviewer_client, editor, reviewer):
    article = showing_changed_condition("Twitch")
    assert card(get(reviewer_client), "with changed conditions or signs") == "1"
    listing = ConditionListing.objects.get(publication__article=article)
    condition = listing.record
    condition.gloss = listing.gloss  # back to the reviewed wording (a content change: seen at once)
    condition.save()
    assert card(get(reviewer_client), "with changed conditions or signs") == "0"
    condition.gloss = "edited again"
    condition.save()
    assert card(get(reviewer_client), "with changed conditions or signs") == "1"
    publish(article, editor=editor, reviewer=reviewer)  # the new wording reviewed (a sign-off: seen at once)
    assert card(get(reviewer_client), "with changed conditions or signs") == "0"
