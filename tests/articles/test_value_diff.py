"""The reviewer sees everything they sign (articles/value_diff.py): every leaf of a real
document, and the order of every list, changed one at a time, shows on the review page's
diff; a change the page shows only in passing shows on the real review page."""

import copy
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from articles.diff import compare
from articles.document import load_document
from articles.models import ArticleCategory, Condition, Entry, Likelihood, RelatedArticle
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    EntryFactory,
    EntryGroupFactory,
    ReferenceFactory,
    full_article,
    give_sign,
    publish,
    waiting,
)
from tests.helpers import edit

pytestmark = pytest.mark.django_db

MARK = "Zqxv"
# What a document is, not what it says (no document has another), and empty lists of parts.
SKIPPED = {"kind", "schema", "entries", "groups", "sections", "references", "related", "categories"}


def rich_document():
    """An article whose document holds one of everything: a teaser of its overview, related
    articles, categories, care advice, a condition with other names, everyday words and
    codes, a likelihood, a link to another article, references with every field."""
    overview = ArticleFactory(slug="overview", title="Leg problems", question="Why do legs hurt?", lead="A teaser.")
    article = full_article(slug="rich", overview=overview, lay_terms="weak legs\nshaky legs", live=False)
    for slug in ("b-related", "a-related"):
        RelatedArticle.objects.create(from_article=article, to_article=ArticleFactory(slug=slug, title=slug))
    for name in ("Muscles", "Bones"):
        ArticleCategory.objects.create(article=article, category=CategoryFactory(name=name))
    for order, tier in enumerate(["emergency", "urgent", "routine"]):
        give_sign(article, order, tier, f"Get help ({tier}).")
    group = article.sections.first().groups.first()
    entry = group.entries.first()
    Entry.objects.filter(pk=entry.pk).update(likelihood=Likelihood.COMMON, note="Often after exercise.")
    Condition.objects.filter(pk=entry.condition_id).update(
        synonyms="Cramp\nCharley horse", lay_terms="tight muscle", icd10="R25.2", snomed_ct="55300003", mesh="D009120"
    )
    EntryFactory(group=group, order=99, condition=None, related_article=ArticleFactory(slug="linked", title="Linked"))
    EntryGroupFactory(section=article.sections.first(), order=50, heading="")
    ReferenceFactory(article=article, order=2, title="Second", publisher="MedlinePlus", doi="10.1000/x1", pmid="123")
    return load_document(article.pk)


def leaves(value, path=()):
    """(path, value) of every leaf; a list of plain values is one leaf."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for place, item in enumerate(value):
            yield from leaves(item, (*path, place))
    else:
        yield path, value


def lists_of_parts(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from lists_of_parts(item, (*path, key))
    elif isinstance(value, list) and len(value) > 1 and all(isinstance(item, dict) for item in value):
        yield path
        for place, item in enumerate(value):
            yield from lists_of_parts(item, (*path, place))


def at(document, path):
    for step in path:
        document = document[step]
    return document


def mutated(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7919
    if isinstance(value, list):
        return [*value, MARK]
    return f"{value or ''} {MARK}".strip()


def shown(document, changed):
    diff = compare(document, changed)
    return diff, render_to_string("reviews/includes/diff.html", {"diff": diff})


def test_every_leaf_changed_shows_on_the_review_diff():
    document = rich_document()
    checked = 0
    for path, value in leaves(document):
        if path[-1] in SKIPPED:
            continue
        changed = copy.deepcopy(document)
        at(changed, path[:-1])[path[-1]] = new = mutated(value)
        diff, html = shown(document, changed)
        assert not diff.empty, path
        expected = MARK if isinstance(new, list | str) else str(new)
        assert expected in html, path
        checked += 1
    assert checked > 80  # the document really holds one of everything


def test_every_list_reordered_shows_on_the_review_diff():
    document = rich_document()
    paths = list(lists_of_parts(document))
    assert {"categories", "related", "sections", "references"} <= {path[0] for path in paths}
    assert any(path[-1] == "entries" for path in paths) and any(path[-1] == "groups" for path in paths)
    for path in paths:
        changed = copy.deepcopy(document)
        items = at(changed, path)
        items[0], items[1] = items[1], items[0]
        diff, html = shown(document, changed)
        assert not diff.empty and "order" in html.lower(), path


@pytest.mark.parametrize(
    "change",
    ["the linked article's teaser", "a reference's accessed date", "a condition's other names", "its codes"],
)
def test_a_change_the_page_shows_only_in_passing_is_on_the_review_page(editor, reviewer, reviewer_client, change):
    """F3: these changes were signed unseen: the review page said "No differences in content"."""
    overview = ArticleFactory(slug="overview", title="Leg problems", lead="The old teaser.")
    article = full_article(slug="cramps", overview=overview, live=False)
    publish(article, editor=editor, reviewer=reviewer)
    condition = Condition.objects.get(pk=Entry.objects.filter(group__section__article=article).first().condition_id)
    if change == "the linked article's teaser":
        edit(overview, editor, lead="Take ten times the usual dose.")
        new = "Take ten times the usual dose."
    elif change == "a reference's accessed date":
        edit(article.references.first(), editor, accessed="2020-01-02")
        new = "2020-01-02"
    elif change == "a condition's other names":
        edit(condition, editor, synonyms="Harmless twitch")
        new = "Harmless twitch"
    else:
        edit(condition, editor, icd10="Z99.9", mesh="D000001")
        new = "Z99.9"
    revision = waiting(article, editor=editor)
    page = reviewer_client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert "No differences in content" not in page
    diff = page.split('<div class="diff">')[1].split('<section aria-labelledby="render-h"')[0]
    assert new in re.sub(r"<[^>]+>", "", diff).replace("\n", " ")
