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

from django.apps import apps
from django.db import connection
from django.utils.text import slugify

from .models import CareTier, Condition

# 2: records from other tables carry their id; 3: care advice, lay terms, likelihood;
# 4: each care statement is a shared warning sign ("signs": each one's id, wording and condition)
SCHEMA_VERSION = 4

# A document, and the parts of one, as plain JSON-shaped dicts.
Document = dict[str, Any]
Part = dict[str, Any]


def lines(text: str) -> list[str]:
    """The non-empty lines of a one-per-line field, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _anchors(headings: Iterable[str]) -> Iterator[str]:
    seen: dict[str, int] = {}
    for heading in headings:
        base = slugify(heading) or "section"
        seen[base] = seen.get(base, 0) + 1
        yield base if seen[base] == 1 else f"{base}-{seen[base]}"


# What load_documents reads: SQL written once, with our own table and column names. The
# same rows read through the ORM took three times as long to describe as the database
# took to return them (submitting for review reads a document in every sign-off).
# Table names come from the models; {ids} is a list of placeholders. "order" is quoted: it is an SQL keyword.
_ARTICLES = """
    SELECT a.id, a.slug, a.title, a.question, a.lead, a.lay_terms, a.copyright_holder,
           o.id, o.slug, o.title, o.question, o.lead
    FROM {article} a LEFT JOIN {article} o ON o.id = a.overview_id
    WHERE a.id IN ({ids}) ORDER BY a.id
"""
# One row per entry of every group of every section (or per empty group or section).
_TREE = """
    SELECT s.article_id, s.id, s.heading, s.body, g.id, g.heading, g.lead_in, g.urgency,
           e.id, e.text, e.note, e.likelihood,
           c.id, c.slug, c.name, c.gloss, c.synonyms, c.lay_terms, c.icd10, c.snomed_ct, c.mesh, own.slug,
           target.id, target.slug, target.title
    FROM {section} s
    LEFT JOIN {entrygroup} g ON g.section_id = s.id
    LEFT JOIN {entry} e ON e.group_id = g.id
    LEFT JOIN {condition} c ON c.id = e.condition_id
    LEFT JOIN {article} own ON own.id = c.article_id
    LEFT JOIN {article} target ON target.id = e.related_article_id
    WHERE s.article_id IN ({ids})
    ORDER BY s.article_id, s."order", s.id, g."order", g.id, e."order", e.id
"""
_CARE = """
    SELECT a.article_id, s.tier, s.text, s.id, c.slug
    FROM {careadvice} a JOIN {warningsign} s ON s.id = a.sign_id LEFT JOIN {condition} c ON c.id = s.condition_id
    WHERE a.article_id IN ({ids}) ORDER BY a."order", a.id
"""
_CATEGORIES = """
    SELECT ac.article_id, c.id, c.slug, c.name
    FROM {articlecategory} ac JOIN {category} c ON c.id = ac.category_id
    WHERE ac.article_id IN ({ids})
"""
_RELATED = """
    SELECT r.from_article_id, a.id, a.slug, a.title, a.question
    FROM {relatedarticle} r JOIN {article} a ON a.id = r.to_article_id
    WHERE r.from_article_id IN ({ids})
"""
_REFERENCES = """
    SELECT article_id, title, publisher, url, doi, pmid, accessed, year
    FROM {reference} WHERE article_id IN ({ids}) ORDER BY "order", id
"""


def load_documents(pks: Iterable[int]) -> dict[int, Document]:
    """{pk: document} of the articles ``pks`` that exist, read in six queries whatever
    their number and size."""
    ids = sorted(set(pks))
    if not ids:
        return {}
    articles, tree, care, categories, related, references = _read(ids)
    documents = {row[0]: _document(row) for row in articles}
    _add_sections(documents, tree)
    for pk, tier, text, sign, condition in care:
        documents[pk]["care"][tier].append(text)
        documents[pk]["signs"].append({"id": sign, "text": text, "condition": condition or ""})
    for pk, category, slug, name in categories:
        documents[pk]["categories"].append({"id": category, "slug": slug, "name": name})
    for pk, target, slug, title, question in related:
        documents[pk]["related"].append({"id": target, "slug": slug, "title": title, "question": question})
    for pk, *reference in references:
        documents[pk]["references"].append(_reference(len(documents[pk]["references"]) + 1, *reference))
    for document in documents.values():
        document["categories"].sort(key=lambda c: (c["name"], c["slug"]))
        document["related"].sort(key=lambda a: (a["title"], a["slug"]))
    return documents


def _tables() -> dict[str, str]:
    """The content tables a document is read from, by model name."""
    models = apps.get_app_config("articles").get_models()
    return {model._meta.model_name or "": model._meta.db_table for model in models}


def _read(ids: list[int]) -> list[list[tuple]]:
    """The rows of _ARTICLES, _TREE, _CARE, _CATEGORIES, _RELATED and _REFERENCES."""
    tables = {**_tables(), "ids": ", ".join(["%s"] * len(ids))}
    with connection.cursor() as cursor:
        found = []
        for sql in (_ARTICLES, _TREE, _CARE, _CATEGORIES, _RELATED, _REFERENCES):
            cursor.execute(sql.format(**tables), ids)
            found.append(cursor.fetchall())
    return found


def _add_sections(documents: dict[int, Document], tree: list[tuple]) -> None:
    """Each document's sections, their groups and entries, from the _TREE rows."""
    sections: dict[int, dict[int, Part]] = {pk: {} for pk in documents}
    groups: dict[int, Part] = {}
    for article, section, heading, body, group, group_heading, lead_in, urgency, entry, *item in tree:
        part = sections[article].setdefault(section, {"heading": heading, "body": body, "groups": []})
        if group is not None and group not in groups:
            groups[group] = {"heading": group_heading, "lead_in": lead_in, "urgency": urgency, "entries": []}
            part["groups"].append(groups[group])
        if entry is not None:
            groups[group]["entries"].append(_entry(tuple(item)))
    for pk, document in documents.items():
        parts = list(sections[pk].values())
        anchors = _anchors(part["heading"] for part in parts)
        document["sections"] = [{"anchor": anchor, **part} for part, anchor in zip(parts, anchors, strict=True)]


def _reference(
    number: int, title: str, publisher: str, url: str, doi: str, pmid: str, accessed: Any, year: int | None = None
) -> Part:
    return {
        "number": number,
        "title": title,
        "publisher": publisher,
        "url": url,
        "doi": doi,
        "pmid": pmid,
        # A date from PostgreSQL, its ISO text from SQLite: the same text either way.
        "accessed": str(accessed) if accessed else None,
        # Only when given: a reference without one keeps the document (and its hash) it had.
        **({"year": year} if year else {}),
    }


def load_document(pk: int) -> Document | None:
    """The document of article ``pk``, or None if there is no such article."""
    return load_documents([pk]).get(pk)


def _document(row: tuple) -> Document:
    """A document from its _ARTICLES row, with empty lists for what the other queries add."""
    pk, slug, title, question, lead, lay_terms, copyright_holder, *overview = row
    overview_id, overview_slug, overview_title, overview_question, overview_lead = overview
    return {
        "schema": SCHEMA_VERSION,
        "id": pk,
        "slug": slug,
        "title": title,
        "question": question,
        "lead": lead,
        "lay_terms": lines(lay_terms),
        "care": {tier: [] for tier in CareTier.values},
        "signs": [],
        "copyright_holder": copyright_holder,
        "categories": [],
        "overview": (
            {
                "id": overview_id,
                "slug": overview_slug,
                "title": overview_title,
                "question": overview_question,
                "lead": overview_lead,
            }
            if overview_id is not None
            else None
        ),
        "related": [],
        "sections": [],
        "references": [],
    }


def _entry(item: tuple) -> Part:
    """An entry from its columns of a _TREE row (those after the entry's id)."""
    (
        text,
        note,
        likelihood,
        condition,
        slug,
        name,
        gloss,
        synonyms,
        lay_terms,
        icd10,
        snomed_ct,
        mesh,
        own_article,
        target,
        target_slug,
        target_title,
    ) = item
    if condition is not None:
        return {
            "kind": "condition",
            "id": condition,
            "slug": slug,
            "name": name,
            "gloss": gloss,
            "note": note,
            "likelihood": likelihood,
            "also_called": lines(synonyms),
            "lay_terms": lines(lay_terms),
            "codes": {"icd10": icd10, "snomed_ct": snomed_ct, "mesh": mesh},
            "own_article": own_article,
        }
    if target is not None:
        return {
            "kind": "article",
            "id": target,
            "slug": target_slug,
            "title": target_title,
            "note": note,
            "likelihood": likelihood,
        }
    return {"kind": "text", "text": text}


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


def signs(document: Document) -> Iterator[tuple[str, str, Part]]:
    """(tier, wording, {"id", "condition"}) of each "when to get help" statement of
    ``document``, in order; a document from before shared signs (schema 3) gives its
    statements without an id or condition."""
    known = {sign["text"]: sign for sign in document.get("signs", [])}
    for tier, statements in (document.get("care") or {}).items():
        for text in statements:
            yield tier, text, known.get(text, {"id": None, "condition": ""})


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
    fields}, "category": {...}, "article": {...}, "warningsign": {...}}. Ids, or slugs
    for documents made before schema 2."""
    shown: dict[str, dict[Any, set[str]]] = {"condition": {}, "category": {}, "article": {}, "warningsign": {}}

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
    for _, _, sign in signs(document):
        if sign["id"] is not None:
            add("warningsign", sign, {"*"})
    for related in document["related"]:
        add("article", related, SHOWN_ARTICLE_FIELDS["link"])
    if document["overview"]:
        add("article", document["overview"], SHOWN_ARTICLE_FIELDS["overview"])
    return shown
