"""The search side of the read model: the text each publication is found by, written at
publish time. public/search.py queries it.

PostgreSQL keeps a weighted tsvector (title A, condition names and synonyms B, lead C,
body D) under a GIN index; SQLite scores the same texts in Python.
"""

import re
from html import unescape

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.utils.html import strip_tags

from articles.markdown import render_markdown

from .models import ConditionListing, Publication, SearchDocument, SearchTerm

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def terms(text: str) -> list[str]:
    """The lower-cased words of ``text`` that search uses, at most MAX_TERMS."""
    return [word.lower() for word in WORD.findall(text)][:MAX_TERMS]


def plain_text(markdown_text: str) -> str:
    """The words a reader sees in a section body: rendered and sanitised, tags dropped."""
    return unescape(strip_tags(render_markdown(markdown_text)))


def index_fields(document: dict, synonyms: dict[int, list[str]]) -> dict[str, str]:
    """The texts a SearchDocument keeps for a live document. ``synonyms`` maps condition
    id to its synonyms (matched, never shown)."""
    conditions: list[str] = []
    synonym_words: list[str] = []
    body: list[str] = []
    for section in document["sections"]:
        body += [section["heading"], plain_text(section["body"])]
        for group in section["groups"]:
            body += [group["heading"], group["lead_in"]]
            for entry in group["entries"]:
                if entry["kind"] == "condition":
                    conditions += [entry["name"], entry["gloss"]]
                    synonym_words += synonyms.get(entry["id"], [])
                elif entry["kind"] == "article":
                    body.append(entry["title"])
                else:
                    body.append(entry["text"])
    return {
        "title": f"{document['title']} {document['question']}",
        "conditions": " ".join(conditions),
        "synonyms": " ".join(synonym_words),
        "lead": document["lead"],
        "body": " ".join(part for part in body if part),
    }


def write_search_document(publication: Publication, document: dict, synonyms: dict[int, list[str]]) -> None:
    SearchDocument.objects.update_or_create(publication=publication, defaults=index_fields(document, synonyms))
    write_vector(publication.pk)


def write_vector(publication_id: int) -> None:
    """On PostgreSQL, the weighted tsvector of one search document, from its texts."""
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("conditions", weight="B", config="english")
            + SearchVector("synonyms", weight="B", config="english")
            + SearchVector("lead", weight="C", config="english")
            + SearchVector("body", weight="D", config="english")
        )
        SearchDocument.objects.filter(pk=publication_id).update(vector=vector)


def refresh_vocabulary() -> None:
    """Rebuild the words "did you mean" can offer: only reviewed wording (public titles,
    questions and condition names), never working-copy synonyms."""
    words: set[str] = set()
    for title in SearchDocument.objects.filter(publication__withdrawn_at__isnull=True).values_list("title", flat=True):
        words.update(WORD.findall(title.lower()))
    for name in ConditionListing.objects.public().values_list("name", flat=True):
        words.update(WORD.findall(name.lower()))
    words = {w[:100] for w in words if len(w) > 2}
    SearchTerm.objects.exclude(term__in=words).delete()
    # Two sign-offs at once may add the same word: not worth failing either for.
    SearchTerm.objects.bulk_create([SearchTerm(term=w) for w in sorted(words)], ignore_conflicts=True)
