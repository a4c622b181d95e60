"""/sitemap.xml is an index of path-based section pages, each of at most SECTION_SIZE
addresses, made from the read model's slugs and dates only (public/sitemaps.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Category
from public import sitemaps
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    publish,
)

pytestmark = pytest.mark.django_db


def locations(body: str) -> list[str]:
    return [loc.removeprefix("http://testserver") for loc in re.findall(r"<loc>([^<]+)</loc>", body)]


@pytest.fixture
def five_symptoms():
    for n in range(5):
        article = ArticleFactory(slug=f"symptom-{n}", title=f"Symptom {n}")
        EntryFactory(group=EntryGroupFactory(section__article=article), condition=ConditionFactory(slug=f"cause-{n}"))
        article.categories.add(Category.objects.get_or_create(slug="nerves", defaults={"name": "Nerves"})[0])
        publish(article)


def test_the_index_names_every_section_page_and_robots_txt_names_the_index(client, five_symptoms, monkeypatch):
    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 2)

    index = client.get("/sitemap.xml")

    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    assert "<sitemapindex" in index.content.decode()
    sections = locations(index.content.decode())
    assert [s for s in sections if s.startswith("/sitemap-articles-")] == [
        "/sitemap-articles-1.xml",
        "/sitemap-articles-2.xml",
        "/sitemap-articles-3.xml",
    ]
    assert {"/sitemap-pages-1.xml", "/sitemap-categories-1.xml", "/sitemap-reviewers-1.xml"} <= set(sections)
    assert re.search(r"^Sitemap: https?://[^/]+/sitemap\.xml$", client.get("/robots.txt").content.decode(), re.M)
    articles = [
        loc for section in sections if "articles" in section for loc in locations(client.get(section).content.decode())
    ]
    assert articles == [f"/symptoms/symptom-{n}/" for n in range(5)]


def test_the_pages_section_lists_the_a_to_z_letter_pages(client, five_symptoms):
    body = client.get("/sitemap-pages-1.xml").content.decode()
    assert {"/", "/symptoms/", "/conditions/", "/navigator/", "/symptoms/a-z/s/", "/conditions/a-z/c/"} <= set(
        locations(body)
    )
    assert "<lastmod>" in body


@pytest.mark.parametrize("url", ["/sitemap-articles-2.xml", "/sitemap-bogus-1.xml", "/sitemap-articles-0.xml"])
def test_missing_section_pages_are_not_found(client, five_symptoms, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("section", ["articles", "conditions", "categories", "reviewers", "pages"])
def test_a_section_page_reads_slugs_and_dates_only_in_the_same_queries_at_any_size(client, section):
    def measure():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/sitemap-{section}-1.xml").status_code == 200
        return [q["sql"] for q in captured]

    ArticleFactory(slug="first", live=True)
    few = measure()
    for n in range(12):
        ArticleFactory(slug=f"more-{n}", live=True)
    many = measure()
    assert len(few) == len(many)
    for sql in many:
        for column in ('."snapshot"', '."history"', '."lead"', '."question"', '."title"', '."seal"'):
            assert column not in sql, sql
