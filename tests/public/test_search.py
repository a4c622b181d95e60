"""Search over live content, on SQLite (Python scoring) and PostgreSQL (tsvector + pg_trgm)."""

import pytest
from django.urls import reverse

from public import search
from tests.factories import ArticleFactory, ConditionFactory, EntryFactory, EntryGroupFactory, SectionFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    atrophy = ArticleFactory(
        title="Muscle atrophy",
        slug="muscle-atrophy",
        question="What causes muscle atrophy?",
        lead="Muscles waste away when they are not used.",
    )
    gbs = ConditionFactory(name="Guillain-Barre syndrome", slug="gbs", gloss="nerve damage", synonyms="GBS")
    EntryFactory(
        group=EntryGroupFactory(section=SectionFactory(article=atrophy, body="Disuse is common.")), condition=gbs
    )
    publish(atrophy)
    fatigue = ArticleFactory(
        title="Fatigue",
        slug="fatigue",
        question="What causes fatigue?",
        lead="Tiredness that rest does not fix. Muscle atrophy can add to it.",
    )
    publish(fatigue)
    draft = ArticleFactory(title="Atrophy draft", slug="secret", question="What causes secret atrophy?")
    return {"atrophy": atrophy, "fatigue": fatigue, "draft": draft}


def titles(client, q, **params):
    response = client.get(reverse("public:search"), {"q": q, **params})
    assert response.status_code == 200
    return response, [r.title for r in response.context["page"]] if response.context.get("page") else []


def test_title_match_beats_body_match_and_drafts_never_show(client, articles):
    _, found = titles(client, "atrophy")
    assert found == ["Muscle atrophy", "Fatigue"]


def test_condition_names_and_synonyms_are_searched(client, articles):
    assert titles(client, "GBS")[1] == ["Muscle atrophy"]
    assert titles(client, "guillain")[1] == ["Muscle atrophy"]


def test_misspelling_finds_the_article_and_says_so(client, articles):
    response, found = titles(client, "atrofy")
    assert found[0] == "Muscle atrophy"
    assert "Showing results for" in response.content.decode() and "atrophy" in response.context["showing_for"]


def test_misspelt_condition_name_is_corrected(client, articles):
    response, found = titles(client, "guillan barre")
    assert found == ["Muscle atrophy"]
    assert response.context["showing_for"] == "guillain barre"


def test_snippets_highlight_the_match(client, articles):
    response, _ = titles(client, "waste")
    assert "<mark>waste</mark>" in response.content.decode()


def test_hostile_query_is_escaped(client, articles):
    response, found = titles(client, "<script>alert(1)</script>")
    assert found == []
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("", "Type a symptom"),
        ("!!! ??? ...", "has no letters or numbers"),
        ("мышечная атрофия", "No articles match"),
        ("x" * 5000, "first 200 characters"),
        ("atrophy' OR 1=1 --", "OR 1=1"),
        ('"unbalanced AND (', "No articles match"),
        ("atrophy\x00\x0b", "result"),
    ],
)
def test_awkward_queries_get_a_helpful_page(client, articles, q, expected):
    response = client.get(reverse("public:search"), {"q": q})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_results_are_paginated_and_bad_page_numbers_are_safe(client):
    for i in range(12):
        publish(ArticleFactory(title=f"Pain {i:02}", question=f"What causes pain {i}?"))
    response, found = titles(client, "pain")
    assert len(found) == 10 and response.context["total"] == 12
    assert len(titles(client, "pain", page=2)[1]) == 2
    for bad in ["999", "abc", "-1"]:
        assert client.get(reverse("public:search"), {"q": "pain", "page": bad}).status_code == 200


def test_withdrawn_articles_drop_out_of_search(client, articles, site_admin):
    from reviews import services

    services.withdraw(article=articles["fatigue"], by=site_admin, reason="check")
    assert titles(client, "tiredness")[1] == []


def test_search_box_on_every_page_and_no_cookies(client, articles):
    for url in ["/", "/symptoms/", "/symptoms/muscle-atrophy/", "/search/?q=atrophy", "/conditions/"]:
        response = client.get(url)
        assert 'role="search"' in response.content.decode(), url
        assert "Set-Cookie" not in response.headers


def test_vocabulary_holds_only_reviewed_words(articles):
    words = set(search.SearchTerm.objects.values_list("term", flat=True))
    assert {"muscle", "atrophy", "guillain", "barre", "fatigue"} <= words
    assert "gbs" not in words  # a working-copy synonym is searched, never suggested
    assert "secret" not in words


def test_snippet_shows_the_listed_cause_when_only_a_condition_matches(client, articles):
    response, _ = titles(client, "guillain")
    page = response.content.decode()
    assert "Causes listed include:" in page and "<mark>Guillain</mark>" in page


def test_synonyms_are_matched_but_never_shown(client, articles):
    response, found = titles(client, "GBS")
    assert found == ["Muscle atrophy"]
    assert "GBS" not in str(response.context["page"][0].snippet)  # a working-copy synonym


def test_highlighting_never_nests_marks_or_breaks_entities(client):
    publish(
        ArticleFactory(title="Weakness", lead="Muscle weakness & marked tiredness.", question="What causes weakness?")
    )
    # "mark" is also the name of the tag it is wrapped in: the old per-word pass nested it.
    response, _ = titles(client, "marked mark")
    snippet = str(response.context["page"][0].snippet)
    assert "<mark>marked</mark>" in snippet
    assert "<<" not in snippet and "&amp;" in snippet and "<<mark>" not in snippet
