import json

import pytest

from articles.document import document_hash, load_document, load_documents
from articles.models import Urgency
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    ReferenceFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]


def load(article):
    return load_document(article.pk)


def test_document_holds_everything_a_reader_sees():
    overview = ArticleFactory(title="Muscle atrophy overview", question="What is muscle atrophy?", lead="It is loss.")
    related = ArticleFactory(title="Fatigue", slug="fatigue")
    article = ArticleFactory(title="Muscle atrophy", slug="muscle-atrophy", overview=overview)
    bones = CategoryFactory(name="Bones, Joints and Muscles", slug="bones")
    article.categories.add(bones)
    article.related.add(related)
    section = SectionFactory(article=article, order=1, heading="Causes", body="Text")
    group = EntryGroupFactory(section=section, order=1, heading="Serious", urgency=Urgency.EMERGENCY, lead_in="Call")
    gbs = ConditionFactory(name="Guillain-Barre syndrome", slug="gbs", gloss="nerve damage after an infection")
    EntryFactory(group=group, order=1, condition=gbs, note="(rare)")
    EntryFactory(group=group, order=2, condition=None, related_article=related)
    EntryFactory(group=group, order=3, condition=None, text="Paralysis")
    ReferenceFactory(article=article, order=2, title="Second")
    ReferenceFactory(article=article, order=1, title="First", doi="10.1/x", pmid="123")

    doc = load(article)

    assert doc["question"] == article.question
    assert doc["categories"] == [{"id": bones.pk, "slug": "bones", "name": "Bones, Joints and Muscles"}]
    assert doc["overview"] == {
        "id": overview.pk,
        "slug": overview.slug,
        "title": "Muscle atrophy overview",
        "question": "What is muscle atrophy?",
        "lead": "It is loss.",
    }
    assert doc["related"] == [{"id": related.pk, "slug": "fatigue", "title": "Fatigue", "question": related.question}]
    entries = doc["sections"][0]["groups"][0]["entries"]
    assert entries == [
        {
            "kind": "condition",
            "id": gbs.pk,
            "slug": "gbs",
            "name": "Guillain-Barre syndrome",
            "gloss": "nerve damage after an infection",
            "note": "(rare)",
            "likelihood": "",
            "also_called": [],
            "lay_terms": [],
            "codes": {"icd10": "", "snomed_ct": "", "mesh": ""},
            "own_article": None,
        },
        {"kind": "article", "id": related.pk, "slug": "fatigue", "title": "Fatigue", "note": "", "likelihood": ""},
        {"kind": "text", "text": "Paralysis"},
    ]
    assert doc["sections"][0]["groups"][0]["urgency"] == "emergency"
    assert [(r["number"], r["title"]) for r in doc["references"]] == [(1, "First"), (2, "Second")]
    json.dumps(doc)  # serialisable as it is


def test_document_is_deterministic_and_its_hash_follows_content():
    article = ArticleFactory()
    SectionFactory(article=article, order=2, heading="B")
    SectionFactory(article=article, order=1, heading="A")
    first, second = load(article), load(article)
    assert first == second
    assert document_hash(first) == document_hash(second)

    condition = ConditionFactory()
    EntryFactory(group=EntryGroupFactory(section=article.sections.first()), condition=condition)
    before = document_hash(load(article))
    condition.gloss = "a changed gloss"
    condition.save()
    assert document_hash(load(article)) != before


def test_repeated_headings_get_distinct_anchors():
    article = ArticleFactory()
    SectionFactory(article=article, order=1, heading="Causes")
    SectionFactory(article=article, order=2, heading="Causes")
    assert [s["anchor"] for s in load(article)["sections"]] == ["causes", "causes-2"]


@pytest.mark.parametrize("articles", [1, 3])
def test_loading_documents_takes_six_queries_whatever_their_size(articles, django_assert_num_queries):
    made = []
    for _ in range(articles):
        article = ArticleFactory()
        for s in range(3):
            section = SectionFactory(article=article, order=s)
            for g in range(3):
                group = EntryGroupFactory(section=section, order=g)
                for e in range(4):
                    EntryFactory(group=group, order=e)
        made.append(article)
    # The articles, their sections with groups and entries, care, categories, related, references.
    with django_assert_num_queries(6):
        documents = load_documents(a.pk for a in made)
    assert [len(documents[a.pk]["sections"]) for a in made] == [3] * articles
    assert all(len(group["entries"]) == 4 for a in made for s in documents[a.pk]["sections"] for group in s["groups"])


def test_a_missing_article_has_no_document(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert load_documents([]) == {}
    assert load_document(999_999) is None
