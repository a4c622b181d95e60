"""Search in the words people use (public/search.py), on SQLite (FTS5, Porter stemming)
and PostgreSQL (tsvectors, English stemming): the same query gives the same top result."""

import pytest
from django.urls import reverse

from public import search
from reviews.models import Publication, SearchTerm
from reviews.workflow import services
from tests.factories import ArticleFactory, ConditionFactory, EntryFactory, EntryGroupFactory, SectionFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]


@pytest.fixture
def articles():
    atrophy = ArticleFactory(
        title="Muscle atrophy",
        slug="muscle-atrophy",
        question="What causes muscle atrophy?",
        lead="Muscles waste away when they are not used.",
        lay_terms="muscle wasting\nshrinking muscles",
    )
    gbs = ConditionFactory(
        name="Guillain-Barre syndrome", slug="gbs", gloss="nerve damage", synonyms="GBS", lay_terms="french polio"
    )
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


def found(client, q, **params):
    response = client.get(reverse("public:search"), {"q": q, **params})
    assert response.status_code == 200
    hits = response.context.get("hits") or []
    return response, [publication.title for publication, _ in hits]


def test_title_match_beats_body_match_and_drafts_never_show(client, articles):
    assert found(client, "atrophy")[1] == ["Muscle atrophy", "Fatigue"]


def test_lay_terms_and_stems_find_the_article(client, articles):
    assert found(client, "muscle wasting")[1] == ["Muscle atrophy"]
    assert found(client, "shrinking")[1] == ["Muscle atrophy"]
    assert found(client, "wasted muscles")[1][0] == "Muscle atrophy"  # stems: wasted, wasting -> wast


def test_conditions_are_results_with_their_other_names(client, articles):
    response, titles = found(client, "french polio")
    assert titles == ["Muscle atrophy"]
    conditions = response.context["results"].conditions
    assert [c.name for c in conditions] == ["Guillain-Barre syndrome"]
    page = response.content.decode()
    assert "also called GBS" in page and 'href="/conditions/gbs/"' in page


def test_a_misspelling_finds_the_article_and_says_so(client, articles):
    response, titles = found(client, "atrofy")
    assert titles[0] == "Muscle atrophy"
    assert "Showing results for" in response.content.decode()
    assert response.context["results"].showing_for == "atrophy"


def test_a_misspelt_condition_name_is_corrected(client, articles):
    response, titles = found(client, "guillan barre")
    assert titles == ["Muscle atrophy"]
    assert response.context["results"].showing_for == "guillain barre"


def test_no_respelling_when_the_query_already_finds_something(client, articles):
    response, titles = found(client, "muscles waste")
    assert titles and response.context["results"].showing_for is None
    assert "Did you mean" not in response.content.decode()


def test_snippets_quote_one_sentence_and_highlight_stems(client, articles):
    response, _ = found(client, "wasting")
    page = response.content.decode()
    assert "<mark>waste</mark>" in page or "<mark>wasting</mark>" in page


def test_snippet_shows_the_listed_cause_with_its_gloss(client, articles):
    response, _ = found(client, "nerve damage")
    snippet = str(response.context["hits"][0][1])
    assert "Guillain-Barre syndrome (<mark>nerve</mark> <mark>damage</mark>)" in snippet


def test_hostile_queries_are_escaped_and_not_syntax(client, articles):
    response, titles = found(client, "<script>alert(1)</script>")
    assert titles == [] and "<script>alert(1)" not in response.content.decode()
    assert found(client, 'atrophy" OR "x')[1] == []  # quotes and OR are words, not FTS syntax


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("", "Type what you feel"),
        ("!!! ??? ...", "has no letters or numbers"),
        ("the and of", "Add a word"),
        ("мышечная атрофия", "Nothing matches"),
        ("x" * 5000, "first 200 characters"),
        ("atrophy' OR 1=1 --", "OR 1=1"),
        ('"unbalanced AND (', "Nothing matches"),
        ("atrophy\x00\x0b", "What causes muscle atrophy?"),
    ],
)
def test_awkward_queries_get_a_helpful_page(client, articles, q, expected):
    response = client.get(reverse("public:search"), {"q": q})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_results_are_paginated_and_bad_page_numbers_are_safe(client):
    for i in range(12):
        publish(ArticleFactory(title=f"Pain {i:02}", question=f"What causes pain {i}?"))
    response, titles = found(client, "pain")
    assert len(titles) == 10 and response.context["total"] == 12
    assert len(found(client, "pain", page=2)[1]) == 2
    for bad in ["999", "abc", "-1"]:
        assert client.get(reverse("public:search"), {"q": "pain", "page": bad}).status_code == 200


def test_withdrawn_articles_drop_out_of_search(client, articles, site_admin):
    services.withdraw(article=articles["fatigue"], by=site_admin, reason="check")
    assert found(client, "tiredness")[1] == []


def test_search_box_on_every_page_and_no_cookies(client, articles):
    for url in ["/", "/symptoms/", "/symptoms/muscle-atrophy/", "/search/?q=atrophy", "/conditions/"]:
        response = client.get(url)
        assert 'role="search"' in response.content.decode(), url
        assert "Set-Cookie" not in response.headers


def test_vocabulary_holds_only_reviewed_words(articles):
    words = set(SearchTerm.objects.values_list("term", flat=True))
    assert {"muscle", "atrophy", "guillain", "barre", "fatigue", "wasting", "french"} <= words
    assert "secret" not in words  # the draft's words are never offered


def test_highlighting_never_nests_marks_or_breaks_entities(client):
    publish(
        ArticleFactory(title="Weakness", lead="Muscle weakness & marked tiredness.", question="What causes weakness?")
    )
    # "mark" is also the name of the tag it is wrapped in.
    response, _ = found(client, "marked mark")
    snippet = str(response.context["hits"][0][1])
    assert "<mark>marked</mark>" in snippet
    assert "<<" not in snippet and "&amp;" in snippet and "<<mark>" not in snippet


# The queries the audit tried, on the demo content: the first result, on both databases.
EVERYDAY = [
    ("dizzy", "Dizziness"),
    ("lightheaded", "Dizziness"),
    ("woozy", "Dizziness"),
    ("tingly", "Numbness and tingling"),
    ("pins and needles", "Numbness and tingling"),
    ("sore joints", "Joint pain"),
    ("muscle wasting", "Muscle atrophy"),
    ("worn out", "Fatigue"),
    ("atrofy", "Muscle atrophy"),
]


@pytest.mark.usefixtures("shared_demo")
class TestOnTheDemo:
    """What the audit's everyday queries find on the demo content (loaded once)."""

    @pytest.mark.parametrize(("q", "top"), EVERYDAY)
    def test_everyday_words_find_the_right_article_first(self, client, q, top):
        response, titles = found(client, q)
        assert titles[:1] == [top], titles
        assert "Did you mean" not in response.content.decode()

    @pytest.mark.parametrize(
        ("q", "condition"),
        [
            ("lou gehrig", "amyotrophic-lateral-sclerosis"),
            ("motor neurone disease", "amyotrophic-lateral-sclerosis"),
            ("guillan barre", "guillain-barre-syndrome"),
        ],
    )
    def test_everyday_names_of_conditions_find_the_condition_first(self, client, q, condition):
        response, _ = found(client, q)
        assert response.context["results"].conditions[0].slug == condition

    def test_pins_and_needles_is_never_respelled(self, client):
        response, _ = found(client, "pins and needles")
        assert response.context["results"].showing_for is None
        assert search.suggest("pins and needles") is None  # reviewed words are never "corrected"

    @pytest.mark.parametrize("q", ["chest pain", "can't breathe", "face drooping"])
    def test_emergency_advice_comes_first_for_emergency_words(self, client, q):
        response = client.get(reverse("public:search"), {"q": q})
        page = response.content.decode()
        emergency = response.context["results"].emergency
        assert emergency, q
        after = [mark for mark in ('id="conditions-found"', 'id="articles-found"', "Nothing matches") if mark in page]
        assert after, "the page shows results or says nothing matched"
        assert all(page.index("Emergency: call 911 now if") < page.index(mark) for mark in after)
        stems = {search.stem(word) for word in search.content_words(q)}
        assert all(stems <= {search.stem(w) for w in search.WORD.findall(s)} for s in emergency)

    def test_the_top_results_are_the_same_on_both_databases(self):
        """The databases rank with their own engines; this pins the first result of every
        query in this file, which test_everyday_words_... checks on whichever database runs."""
        tops = {q: (search.search(q).articles or [None])[0] for q, _ in EVERYDAY}
        assert {q: p.title if p else None for q, p in tops.items()} == dict(EVERYDAY)
        assert all(isinstance(p, Publication) for p in tops.values())


@pytest.fixture
def phrase_articles(articles):
    """Dizziness, named by "passing out", and Carpal tunnel, whose text says a nerve
    "passes through" the wrist (one stem, "pass", another meaning)."""
    dizziness = ArticleFactory(
        title="Dizziness", slug="dizziness", question="What causes dizziness?", lay_terms="passing out\nfeeling faint"
    )
    publish(dizziness)
    carpal = ConditionFactory(
        name="Carpal tunnel syndrome", slug="carpal", gloss="a nerve that passes through the wrist is squeezed"
    )
    numbness = ArticleFactory(
        title="Numbness", slug="numbness", question="What causes numbness?", lead="A nerve passes through the wrist."
    )
    EntryFactory(group=EntryGroupFactory(section=SectionFactory(article=numbness)), condition=carpal)
    publish(numbness)
    return articles


def test_a_phrase_is_not_matched_by_a_word_that_only_stems_alike(client, phrase_articles):
    response, titles = found(client, "passing out")
    assert titles == ["Dizziness"]
    assert response.context["results"].conditions == []
    assert found(client, "passed out")[1] == ["Dizziness"]  # the phrase, in another tense
    assert "Numbness" in found(client, "passes")[1]  # the word alone still finds its own
    assert found(client, "I feel faint")[1] == ["Dizziness"]  # the query holds the lay term


def test_articles_the_words_name_come_before_conditions_and_the_rest_after(client):
    weakness = ArticleFactory(
        title="Muscle weakness", slug="weakness", question="What causes muscle weakness?", lay_terms="weak muscles"
    )
    gbs = ConditionFactory(name="Guillain-Barre syndrome", slug="gbs", gloss="weakness that spreads up the legs")
    EntryFactory(group=EntryGroupFactory(section=SectionFactory(article=weakness)), condition=gbs)
    publish(weakness)
    publish(ArticleFactory(title="Fatigue", slug="fatigue", question="What causes fatigue?", lead="Weakness too."))
    response = client.get(reverse("public:search"), {"q": "weakness"})
    page = response.content.decode()
    assert [kind for kind, _ in response.context["results"].ranked] == ["article", "condition", "article"]
    order = [page.index(text) for text in ("What causes muscle weakness?", "/conditions/gbs/", "What causes fatigue?")]
    assert order == sorted(order)
    assert "More articles that mention it" in page and '<ol class="results" start="2">' in page


def test_a_query_no_article_is_about_says_so_and_offers_the_a_to_z_and_the_navigator(client, articles):
    response, titles = found(client, "disuse")  # only in a section's body
    page = response.content.decode()
    assert titles == ["Muscle atrophy"] and response.context["results"].mentions_only
    assert "We have no article about “disuse”; the pages below mention it" in page
    assert 'href="/symptoms/"' in page and 'href="/navigator/"' in page
    assert not found(client, "wasting")[0].context["results"].mentions_only


def test_a_nearby_word_of_another_meaning_is_not_offered_as_a_respelling(client, articles):
    SearchTerm.objects.get_or_create(term="ache")
    response, titles = found(client, "acne")
    assert titles == [] and response.context["results"].showing_for is None
