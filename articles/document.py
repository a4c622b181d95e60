"""An article's *document*: the plain, JSON-serialisable dict of everything a reader sees.

Public templates render from a document, never from the ORM, and the review workflow
freezes exactly this dict into revisions. Keep it complete (every word a reader sees is
in it, including the condition glosses copied in) and deterministic (same rows, same
dict, same canonical JSON).
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify

from .models import Article, CareAdvice, CareTier, Condition, Entry, EntryGroup, Section

SCHEMA_VERSION = 3  # 2: records from other tables carry their id; 3: care advice, lay terms, likelihood

# A document, and the parts of one, as plain JSON-shaped dicts.
Document = dict[str, Any]
Part = dict[str, Any]


def document_queryset() -> QuerySet[Article]:
    """Articles with everything build_document reads, in a fixed number of queries."""
    entries = Entry.objects.select_related("condition__article", "related_article").order_by("order", "pk")
    groups = EntryGroup.objects.order_by("order", "pk").prefetch_related(Prefetch("entries", queryset=entries))
    sections = Section.objects.order_by("order", "pk").prefetch_related(Prefetch("groups", queryset=groups))
    return Article.objects.select_related("overview").prefetch_related(
        Prefetch("sections", queryset=sections),
        "references",
        "categories",
        "related",
        Prefetch("care_advice", queryset=CareAdvice.objects.order_by("order", "pk")),
    )


def lines(text: str) -> list[str]:
    """The non-empty lines of a one-per-line field, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _entry(entry: Entry) -> Part:
    if entry.condition_id:
        condition = entry.condition
        assert condition is not None
        return {
            "kind": "condition",
            "id": condition.pk,
            "slug": condition.slug,
            "name": condition.name,
            "gloss": condition.gloss,
            "note": entry.note,
            "likelihood": entry.likelihood,
            "also_called": lines(condition.synonyms),
            "lay_terms": lines(condition.lay_terms),
            "codes": {"icd10": condition.icd10, "snomed_ct": condition.snomed_ct, "mesh": condition.mesh},
            "own_article": condition.article.slug if condition.article else None,
        }
    if entry.related_article_id:
        target = entry.related_article
        assert target is not None
        return {
            "kind": "article",
            "id": target.pk,
            "slug": target.slug,
            "title": target.title,
            "note": entry.note,
            "likelihood": entry.likelihood,
        }
    return {"kind": "text", "text": entry.text}


def _anchors(headings: Iterable[str]) -> Iterator[str]:
    seen: dict[str, int] = {}
    for heading in headings:
        base = slugify(heading) or "section"
        seen[base] = seen.get(base, 0) + 1
        yield base if seen[base] == 1 else f"{base}-{seen[base]}"


def build_document(article: Article) -> Document:
    """Return ``article`` as its document. Pass an article from document_queryset() to
    keep the query count fixed."""
    sections = list(article.sections.all())
    overview = article.overview
    return {
        "schema": SCHEMA_VERSION,
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "question": article.question,
        "lead": article.lead,
        "lay_terms": lines(article.lay_terms),
        "care": {
            tier: [advice.text for advice in article.care_advice.all() if advice.tier == tier]
            for tier in CareTier.values
        },
        "copyright_holder": article.copyright_holder,
        "categories": sorted(
            ({"id": c.pk, "slug": c.slug, "name": c.name} for c in article.categories.all()),
            key=lambda c: (c["name"], c["slug"]),
        ),
        "overview": (
            {
                "id": overview.pk,
                "slug": overview.slug,
                "title": overview.title,
                "question": overview.question,
                "lead": overview.lead,
            }
            if overview
            else None
        ),
        "related": sorted(
            ({"id": a.pk, "slug": a.slug, "title": a.title, "question": a.question} for a in article.related.all()),
            key=lambda a: (a["title"], a["slug"]),
        ),
        "sections": [
            {
                "anchor": anchor,
                "heading": section.heading,
                "body": section.body,
                "groups": [
                    {
                        "heading": group.heading,
                        "lead_in": group.lead_in,
                        "urgency": group.urgency,
                        "entries": [_entry(entry) for entry in group.entries.all()],
                    }
                    for group in section.groups.all()
                ],
            }
            for section, anchor in zip(sections, _anchors(s.heading for s in sections), strict=True)
        ],
        "references": [
            {
                "number": number,
                "title": ref.title,
                "publisher": ref.publisher,
                "url": ref.url,
                "doi": ref.doi,
                "pmid": ref.pmid,
                "accessed": ref.accessed.isoformat() if ref.accessed else None,
            }
            for number, ref in enumerate(sorted(article.references.all(), key=lambda r: (r.order, r.pk)), start=1)
        ],
    }


def canonical_json(document: Document) -> bytes:
    """The one byte string a document hashes to: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def document_hash(document: Document) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()


def entries(document: Document, kind: str | None = None) -> Iterator[tuple[Part, Part, Part]]:
    """(section, group, entry) for every entry of ``document``, optionally of one kind."""
    for section in document["sections"]:
        for group in section["groups"]:
            for entry in group["entries"]:
                if kind is None or entry["kind"] == kind:
                    yield section, group, entry


def linked_article_slugs(document: Document) -> set[str]:
    """Slugs of the other articles a document links to (overview, related, entries)."""
    slugs = {a["slug"] for a in document["related"]}
    if document["overview"]:
        slugs.add(document["overview"]["slug"])
    slugs.update(entry["slug"] for _, _, entry in entries(document, "article"))
    return slugs


def condition_ids(document: Document) -> list[int]:
    return sorted({entry["id"] for _, _, entry in entries(document, "condition")})


def stale_conditions(document: Document) -> list[str]:
    """Names of conditions whose record now reads differently from ``document``
    (renamed or re-glossed since it was built)."""
    shown = {entry["id"]: (entry["name"], entry["gloss"]) for _, _, entry in entries(document, "condition")}
    current = Condition.objects.filter(pk__in=shown).values_list("pk", "name", "gloss")
    return sorted(name for pk, name, gloss in current if shown[pk] != (name, gloss))


# What a document shows of each article it links to, by where it links from.
SHOWN_ARTICLE_FIELDS = {"overview": {"slug", "title", "question", "lead"}, "link": {"slug", "title", "question"}}


def shown_records(document: Document) -> dict[str, dict[Any, set[str]]]:
    """The records of other tables whose fields ``document`` shows: {"condition": {id:
    fields}, "category": {...}, "article": {...}}. Ids, or slugs for documents made
    before schema 2."""
    shown: dict[str, dict[Any, set[str]]] = {"condition": {}, "category": {}, "article": {}}

    def add(kind: str, record: Part, fields: set[str]) -> None:
        key = record.get("id", record.get("slug"))
        shown[kind].setdefault(key, set()).update(fields)

    for _, _, entry in entries(document, "condition"):
        add("condition", entry, {"*"})
        if entry.get("own_article"):
            add("article", {"slug": entry["own_article"]}, {"slug"})
    for _, _, entry in entries(document, "article"):
        add("article", entry, {"slug", "title"})
    for category in document["categories"]:
        add("category", category, {"name", "slug"})
    for related in document["related"]:
        add("article", related, SHOWN_ARTICLE_FIELDS["link"])
    if document["overview"]:
        add("article", document["overview"], SHOWN_ARTICLE_FIELDS["overview"])
    return shown
