"""Listings stay flat at any size: A–Z by letter, and condition, category and reviewer
pages in pages (public/queries.py, public/views/pages.py), at path-based addresses."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Category, Urgency
from public import queries
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    reviewer_user,
    symptom,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def listed_titles(page: str) -> list[str]:
    """The article links of a listing's page, in order (not the navigation's)."""
    return re.findall(r'<li><a href="/symptoms/(?!a-z/)[^"]+/">([^<]+)</a>', page)


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of two, so a handful of articles makes several."""
    monkeypatch.setattr(queries, "A_TO_Z_PAGE_SIZE", 2)
    monkeypatch.setattr(queries, "LIST_PAGE_SIZE", 2)


# Symptoms A–Z.


def test_a_to_z_shows_only_the_letters_when_there_are_many(client, monkeypatch):
    for title in ["Fatigue", "Fever", "Muscle atrophy"]:
        ArticleFactory(title=title, live=True)
    monkeypatch.setattr(queries, "A_TO_Z_ON_ONE_PAGE", 2)

    page = text(client.get("/symptoms/"))

    assert '<nav class="letters" aria-label="Symptoms by letter">' in page
    assert '<a href="/symptoms/a-z/f/">F</a>' in page and '<a href="/symptoms/a-z/m/">M</a>' in page
    assert '<span aria-hidden="true">D</span>' in page
    assert "Fatigue" not in page and "3 reviewed symptom articles" in page


def test_a_letter_page_lists_its_articles_and_marks_the_letter_current(client):
    for title in ["Fever", "fatigue", "Muscle atrophy"]:
        ArticleFactory(title=title, live=True)
    ArticleFactory(title="Foot pain")  # never signed off

    response = client.get("/symptoms/a-z/f/")
    page = text(response)

    assert response.status_code == 200
    assert "<h1>Symptoms A–Z: F</h1>" in page
    assert '<a href="/symptoms/a-z/f/" aria-current="page">F</a>' in page
    assert '<a href="/symptoms/a-z/m/">M</a>' in page
    assert listed_titles(page) == ["fatigue", "Fever"]  # by title, whatever the case
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in page and 'href="/symptoms/">Symptoms A–Z</a>' in page
    assert "Foot pain" not in page and 'class="pager"' not in page  # one page: no pager


def test_letter_pages_are_paged_with_previous_and_next(client, small_pages):
    for n in range(5):
        ArticleFactory(title=f"Muscle {n}", live=True)

    first, second, third = (
        text(client.get(url)) for url in ["/symptoms/a-z/m/", "/symptoms/a-z/m/page/2/", "/symptoms/a-z/m/page/3/"]
    )

    assert listed_titles(first) == ["Muscle 0", "Muscle 1"]
    assert listed_titles(second) == ["Muscle 2", "Muscle 3"]
    assert listed_titles(third) == ["Muscle 4"]
    assert "Page 1 of 3" in first and 'href="/symptoms/a-z/m/page/2/" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="/symptoms/a-z/m/" rel="prev"' in second and 'href="/symptoms/a-z/m/page/3/" rel="next"' in second
    assert 'rel="next"' not in third
    assert '<a href="/symptoms/a-z/m/page/2/" aria-current="page">' in second
    assert "<title>Symptoms A–Z: M (page 2)" in second


@pytest.mark.parametrize(
    "url",
    [
        "/symptoms/a-z/m/page/4/",  # past the last page
        "/symptoms/a-z/m/page/1/",  # page 1 lives at the letter's own address
        "/symptoms/a-z/m/page/0/",
        "/symptoms/a-z/q/",  # no article starts with Q
        "/symptoms/a-z/M/",
        "/symptoms/a-z/mm/",
        "/symptoms/a-z/1/",
        "/symptoms/a-z/m/page/x/",
    ],
)
def test_empty_out_of_range_and_bad_letter_pages_are_not_found(client, small_pages, url):
    for n in range(5):
        ArticleFactory(title=f"Muscle {n}", live=True)
    assert client.get(url).status_code == 404


def test_titles_starting_otherwise_have_their_own_letter_page(client):
    ArticleFactory(title="2-day fever", live=True)
    ArticleFactory(title="Fever", live=True)

    index = text(client.get("/symptoms/"))
    other = text(client.get("/symptoms/a-z/other/"))

    assert '<a href="#letter-other" aria-label="Other characters">#</a>' in index
    assert '<h2 id="letter-other">#</h2>' in index
    assert "<h1>Symptoms A–Z: other characters</h1>" in other
    assert listed_titles(other) == ["2-day fever"]


# Conditions A–Z.


def test_conditions_a_to_z_has_letter_pages_named_as_reviewed(client, small_pages, monkeypatch):
    gout = ConditionFactory(slug="gout", name="Gout")
    others = [ConditionFactory(slug=f"g{n}", name=f"Giardiasis {n}") for n in range(2)]
    symptom("Joint pain", gout, *others, ConditionFactory(slug="lupus", name="Lupus"))
    monkeypatch.setattr(queries, "A_TO_Z_ON_ONE_PAGE", 2)

    index = text(client.get("/conditions/"))
    first, second = text(client.get("/conditions/a-z/g/")), text(client.get("/conditions/a-z/g/page/2/"))

    assert '<a href="/conditions/a-z/g/">G</a>' in index and '<a href="/conditions/a-z/l/">L</a>' in index
    assert "<h1>Conditions A–Z: G</h1>" in first
    assert re.findall(r'<li><a href="/conditions/(?!a-z/)([^"]+)/">', first) == ["g0", "g1"]
    assert re.findall(r'<li><a href="/conditions/(?!a-z/)([^"]+)/">', second) == ["gout"]
    assert client.get("/conditions/a-z/g/page/3/").status_code == 404
    assert client.get("/conditions/a-z/x/").status_code == 404


# Condition, category and reviewer pages.


def test_condition_page_is_paged_and_shows_its_emergency_advice_on_every_page(client, small_pages):
    stroke = ConditionFactory(slug="stroke", name="Stroke", gloss="blocked blood flow to the brain")
    for n in range(4):
        symptom(f"Weakness {n}", stroke)
    symptom("Numbness", stroke, urgency=Urgency.EMERGENCY, care=[("emergency", "Numbness comes on suddenly")])

    first, second, third = (
        text(client.get(url))
        for url in ["/conditions/stroke/", "/conditions/stroke/page/2/", "/conditions/stroke/page/3/"]
    )

    assert re.findall(r'<li><a href="/symptoms/[^"]+/">([^<]+)</a>', first) == [
        "What causes numbness?",
        "What causes weakness 0?",
    ]
    assert "What causes weakness 3?" in third and "Page 3 of 3" in third
    for page in (first, second, third):
        assert "<h1>Stroke</h1>" in page and "Blocked blood flow to the brain." in page
        assert (
            "Stroke can be an emergency" in page
            and '<a href="/symptoms/numbness/#when-to-get-help">Numbness</a>' in page
        )
        # Not every listing article's signs gathered: those are the symptoms', not the condition's.
        assert "Numbness comes on suddenly" not in page
    assert '<span aria-current="page">Page 2</span>' in second  # the breadcrumbs' last step
    assert client.get("/conditions/stroke/page/4/").status_code == 404
    assert client.get("/conditions/stroke/page/1/").status_code == 404


def test_condition_page_names_the_first_emergency_articles_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr(queries, "EMERGENCY_SHOWN", 2)
    stroke = ConditionFactory(slug="stroke", name="Stroke")
    for n in range(3):
        symptom(f"Weakness {n}", stroke, urgency=Urgency.EMERGENCY, care=[("emergency", "It comes on suddenly")])

    page = text(client.get("/conditions/stroke/"))

    assert ">Weakness 0</a>, <a" in page and ">Weakness 1</a>, and the other articles marked" in page
    assert ">Weakness 2</a>" not in page.split("Symptoms it can cause")[0]


def test_category_page_is_paged_by_title(client, small_pages):
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    for title in ["Tingling", "Numbness", "Pins and needles"]:
        symptom(title, category=nerves)

    first, second = text(client.get("/categories/nerves/")), text(client.get("/categories/nerves/page/2/"))

    assert "What causes numbness?" in first and "What causes pins and needles?" in first
    assert "What causes tingling?" in second and "<title>Nerves (page 2)" in second
    assert '<nav class="pager" aria-label="Pages of Nerves">' in first
    assert client.get("/categories/nerves/page/3/").status_code == 404


def test_reviewer_page_is_paged(client, small_pages):
    reviewer = reviewer_user("rosa")
    for title in ["Cough", "Ache", "Blur"]:
        symptom(title, reviewer=reviewer)

    first, second = text(client.get("/reviewers/rosa/")), text(client.get("/reviewers/rosa/page/2/"))

    assert "What causes ache?" in first and "What causes blur?" in first and "What causes cough?" not in first
    assert "What causes cough?" in second
    assert client.get("/reviewers/rosa/page/3/").status_code == 404
    assert client.get("/reviewers/nobody/page/2/").status_code == 404


def test_pages_of_a_listing_have_their_own_etag_and_answer_304(client, small_pages):
    stroke = ConditionFactory(slug="stroke", name="Stroke")
    for n in range(3):
        symptom(f"Weakness {n}", stroke)
    first, second = client.get("/conditions/stroke/"), client.get("/conditions/stroke/page/2/")
    assert first["ETag"] != second["ETag"]
    again = client.get("/conditions/stroke/page/2/", headers={"if-none-match": second["ETag"]})
    assert again.status_code == 304


# Flat: the same queries at any size, and never the big columns.

BIG_COLUMNS = ('."snapshot"', '."body"', '."vector"', '."emergency_vector"', '."history"', '."lead"', '."care"')


def build(first, last):
    """Live articles ``first`` to ``last`` - 1, each listing the condition "popular" (the
    first two as an emergency), filed under "nerves", signed off by "rosa"."""
    popular = ConditionFactory(slug="popular", name="Popular condition")
    nerves, _ = Category.objects.get_or_create(slug="nerves", defaults={"name": "Nerves"})
    reviewer = reviewer_user("rosa") if first == 0 else get_user_model().objects.get(username="rosa")
    for n in range(first, last):
        urgency, care = (Urgency.EMERGENCY, [("emergency", "It comes on suddenly")]) if n < 2 else (Urgency.NORMAL, [])
        symptom(f"Symptom {n:02}", popular, urgency=urgency, care=care, category=nerves, reviewer=reviewer)


URLS = [
    "/",
    "/symptoms/",
    "/symptoms/a-z/s/",
    "/conditions/",
    "/conditions/a-z/p/",
    "/conditions/popular/",
    "/categories/nerves/",
    "/reviewers/rosa/",
]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured]


@pytest.mark.parametrize("url", URLS)
def test_listing_pages_make_the_same_queries_for_3_and_25_articles(client, url, monkeypatch):
    monkeypatch.setattr(queries, "A_TO_Z_ON_ONE_PAGE", 0)  # the letters-only A–Z, as at scale
    build(0, 3)
    few = queries_for(client, url)
    build(3, 25)
    many = queries_for(client, url)
    assert len(few) == len(many), url
    for sql in many:
        assert not any(column in sql for column in BIG_COLUMNS), sql


def test_the_one_page_a_to_z_reads_the_columns_it_shows_only(client):
    build(0, 3)
    for sql in queries_for(client, "/symptoms/") + queries_for(client, "/conditions/"):
        assert not any(column in sql for column in BIG_COLUMNS), sql
        if "reviews_conditionlisting" in sql:  # conditions come from their summary rows, each name
            assert '"seal"' in sql  # checked against the sealed listing that names it (one query)
