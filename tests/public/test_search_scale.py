"""Search at scale (public/search.py): the database ranks, counts and cuts one page, so
a word found in every article builds ten results, not thousands; pages are stable and
safe to link to; "did you mean" asks an index, never the whole vocabulary. Runs on
SQLite (FTS5) and PostgreSQL (tsvector, pg_trgm)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Condition
from public import search
from reviews.readmodel.search import query
from reviews.readmodel.search.query import reading as search_reading
from tests.conftest import group_author, kept_for_the_group
from tests.factories import ArticleFactory, ConditionFactory, EntryFactory, EntryGroupFactory, SectionFactory, publish
from tests.html_checker import vnu_problems

pytestmark = [pytest.mark.django_db, pytest.mark.dialect, pytest.mark.slow]

MAX_NAMED = query.MAX_NAMED
BIG_COLUMNS = {"body", "snapshot", "history", "vector", "emergency_vector", "lead", "care", "conditions", "lay"}


def pains(count, start=0):
    """``count`` published articles whose titles all say "pain", the odd ones listing a
    cause (so ranking has ties to break and symptom pages to put first)."""
    cause = ConditionFactory(name="Strain", slug="strain")
    for i in range(start, start + count):
        article = ArticleFactory(title=f"Pain {i:02}", slug=f"pain-{i:02}", question=f"What causes pain {i:02}?")
        if i % 2:
            EntryFactory(group=EntryGroupFactory(section=SectionFactory(article=article)), condition=cause)
        publish(article)


def get(client, q, page=None):
    params = {"q": q} | ({"page": page} if page is not None else {})
    response = client.get(reverse("public:search"), params)
    assert response.status_code == 200
    return response


def titles(response):
    return [publication.title for publication, _ in response.context.get("hits") or []]


def test_counting_stops_past_the_cap_and_the_page_says_so(client, monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNTED", 12)
    pains(15)
    response = get(client, "pain")
    results = response.context["results"]
    assert results.total == 13 and results.capped and results.num_pages == 2
    assert "More than 12 articles match" in response.content.decode()
    assert len(titles(get(client, "pain", "9"))) == 2  # the last page shows up to the 12th


def test_snippets_are_made_only_for_the_page_and_escaped(client):
    publish(
        ArticleFactory(title="Pain <b>x</b>", slug="pain-b", question="Pain?", lead="Pain & <i>aches</i> in the back.")
    )
    response = get(client, "pain")
    snippet = str(response.context["hits"][0][1])
    assert "<mark>Pain</mark>" in snippet and "&amp;" in snippet
    assert "<i>" not in snippet  # escaped (SQLite) or left out as markup (PostgreSQL's ts_headline)


def query_log(client, q, page=None):
    with CaptureQueriesContext(connection) as queries:
        get(client, q, page)
    return [query["sql"] for query in queries]


def test_the_same_number_of_queries_for_3_and_30_articles(client):
    pains(3)
    few = len(query_log(client, "pain"))
    pains(27, start=3)
    assert len(query_log(client, "pain")) == few
    assert len(query_log(client, "pain", "3")) == few


def selected(sql):
    """The top-level items of a statement's SELECT list (none for SET, SAVEPOINT...)."""
    if "SELECT" not in sql:
        return []
    body = sql[sql.index("SELECT") + len("SELECT") :]
    items, depth, current = [], 0, ""
    for position, char in enumerate(body):
        if depth == 0 and body[position:].startswith(" FROM "):
            break
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [*items, current.strip()]


def test_past_the_counted_cap_the_score_no_longer_orders_only_the_tier_and_title(client, monkeypatch):
    pains(3)
    repeated = ArticleFactory(title="Pain pain pain", slug="pain-x", question="Pain, pain and pain?")
    EntryFactory(group=EntryGroupFactory(section=SectionFactory(article=repeated)), condition=Condition.objects.get())
    publish(repeated)
    # It says the word most: the score puts it before the other symptom page.
    assert titles(get(client, "pain")) == ["Pain pain pain", "Pain 01", "Pain 00", "Pain 02"]

    monkeypatch.setattr(search, "MAX_COUNTED", 3)
    capped = get(client, "pain")
    assert capped.context["results"].capped
    # The same tier, symptom pages first, then by title: no article's words are scored.
    assert titles(capped) == ["Pain 01", "Pain pain pain", "Pain 00"]


@pytest.fixture(scope="class")
def made_once(request, django_db_setup, django_db_blocker):
    """The class's ARTICLES "pain" articles, made once for its tests, which only read them."""
    with kept_for_the_group(django_db_blocker):
        with group_author():
            pains(request.cls.ARTICLES)
        yield


@pytest.mark.usefixtures("made_once")
class TestTwentyThreeArticles:
    """23 published articles that all say "pain": three pages of results."""

    ARTICLES = 23

    def test_pages_show_every_result_once_in_one_stable_order(self, client):
        pages = [titles(get(client, "pain", page)) for page in (1, 2, 3)]
        assert [len(page) for page in pages] == [10, 10, 3]
        everything = [title for page in pages for title in page]
        assert len(set(everything)) == 23
        # Symptom pages (those that list causes) first, then by title: the tie-breakers.
        listing = [f"Pain {i:02}" for i in range(23) if i % 2]
        overview = [f"Pain {i:02}" for i in range(23) if not i % 2]
        assert everything == listing + overview
        assert pages == [titles(get(client, "pain", page)) for page in (1, 2, 3)]  # the same again

    def test_the_pager_is_a_labelled_nav_with_next_and_previous_links(self, client):
        first = get(client, "pain").content.decode()
        assert '<nav class="pagination" aria-label="Search result pages">' in first
        assert 'href="?q=pain&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
        assert '<span aria-current="page">Page 1 of 3</span>' in first
        middle = get(client, "pain", 2).content.decode()
        assert 'href="?q=pain&amp;page=1" rel="prev"' in middle and 'href="?q=pain&amp;page=3" rel="next"' in middle
        last = get(client, "pain", 3)
        assert 'rel="next"' not in last.content.decode() and 'rel="prev"' in last.content.decode()
        assert '<ol class="results" start="21">' in last.content.decode()

    @pytest.mark.parametrize("page", ["4", "999", "99999999999999999999"])
    def test_a_page_past_the_end_shows_the_last_page_and_says_so(self, client, page):
        response = get(client, "pain", page)
        assert response.context["results"].page_number == 3
        assert len(titles(response)) == 3
        assert "There is no page" in response.content.decode()

    def test_the_pages_of_results_are_valid_html(self, client, tmp_path):
        files = {}
        for page in ["1", "2", "3", "999", "abc"]:
            path = tmp_path / f"search{page}.html"
            path.write_bytes(get(client, "pain", page).content)
            files[str(path)] = page
        assert vnu_problems(files) == []


@pytest.mark.usefixtures("made_once")
class TestTwelveArticles:
    """12 such articles: one page and a bit."""

    ARTICLES = 12

    @pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "²", " "])
    def test_a_page_that_is_no_number_shows_the_first_page_and_says_so(self, client, page):
        response = get(client, "pain", page)
        assert response.context["results"].page_number == 1
        assert titles(response)[:1] == ["Pain 01"]
        assert "There is no page" in response.content.decode()

    def test_no_notice_for_a_page_that_exists(self, client):
        assert "There is no page" not in get(client, "pain", "2").content.decode()
        assert "There is no page" not in get(client, "pain").content.decode()

    def test_no_query_fetches_big_columns(self, client):
        for sql in query_log(client, "pain", "2") + query_log(client, "paine"):
            if '"revision__snapshot"' in sql:  # the page's own results, to check what they quote
                assert "IN (" in sql and "ORDER BY CASE" not in sql and "history" not in sql, sql
                continue
            assert "snapshot" not in sql and "history" not in sql, sql
            if '"lay" AS "lay"' in sql:  # the names of the articles the words name, for a phrase: a few
                assert sql.endswith(f"LIMIT {MAX_NAMED}") and "body" not in sql, sql
                continue
            for item in selected(sql):
                column = re.fullmatch(r'(?:"\w+"\.)?"?(\w+)"?(?: AS "?\w+"?)?', item)
                assert not (column and column.group(1) in BIG_COLUMNS), sql

    @pytest.mark.postgres
    def test_on_postgresql_the_tiers_are_read_from_their_gin_indexes_and_no_vector_is_scanned(self, client):
        with CaptureQueriesContext(connection) as queries:
            search.search("pain")
        [ranking] = [query["sql"] for query in queries if "ORDER BY CASE" in query["sql"]]
        with search_reading(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + ranking)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on reviews_searchdocument" not in plan, plan
        assert all(f"searchdocument_{tier}_gin" in plan for tier in ("tier_a", "tier_ab", "tier_abc")), plan
        assert "ts_rank" in plan  # 12 matches: under the cap, so scored


@pytest.mark.usefixtures("made_once")
class TestThreeArticles:
    """Three such articles."""

    ARTICLES = 3

    def test_the_results_are_publications_with_only_their_listed_columns(self, client):
        hits = get(client, "pain").context["hits"]
        deferred = hits[0][0].get_deferred_fields()
        assert {"lead", "history", "revision_id"} <= deferred

    def test_a_misspelling_is_corrected_from_an_index_not_the_whole_vocabulary(self, client):
        response = get(client, "painn")
        assert response.context["results"].showing_for == "pain"
        assert titles(response)[:1] == ["Pain 01"]
        log = " ".join(query_log(client, "painn"))
        if connection.vendor == "postgresql":
            assert '"reviews_searchterm"."term" % ' in log  # pg_trgm's operator: the GIN index answers
            assert "> 0.3" not in log
        else:
            assert '"reviews_searchterm"."term" >= ' in log and "LIMIT" in log  # a range of the unique index

    def test_a_misspelt_first_word_and_a_right_second_are_respelled_together(self, client):
        assert search.suggest("painn 01") == "pain 01"
        assert search.suggest("pain") is None
