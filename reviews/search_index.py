"""The search side of the read model: what each publication and each listed condition is
found by, written at publish time from signed-off documents only. public/search.py
queries it.

PostgreSQL keeps weighted tsvectors (English stemming) under GIN indexes. SQLite keeps
the same texts in FTS5 tables with the Porter stemmer (created by reviews.0010). Both are
fed from the same texts with the same weights, so the same query finds the same pages:

    articles    title and lay terms (A) > listed conditions (B) > lead and care advice (C) > body (D)
    conditions  name, also-called and lay terms (A) > gloss (C)
"""

import operator
import re
from collections.abc import Callable, Iterable
from functools import reduce
from html import unescape
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F
from django.utils.html import strip_tags

from articles.document import entries
from articles.markdown import render_markdown

from .models import CareStatement, ConditionListing, Publication, SearchCondition, SearchDocument, SearchTerm

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
BLOCK_TAGS = re.compile(r"</(p|li|h[1-6]|tr|blockquote|pre|dd|dt)>", re.IGNORECASE)

ARTICLE_COLUMNS = ["title", "lay", "conditions", "lead", "care", "body", "emergency"]
ARTICLE_WEIGHTS = {"title": "A", "lay": "A", "conditions": "B", "lead": "C", "care": "C", "body": "D"}
# The texts of each ranking tier (public/search.py TIERS), kept as plain tsvectors with
# their own GIN indexes on PostgreSQL (reviews.0017).
TIER_COLUMNS = {
    "tier_a": ("title", "lay"),
    "tier_ab": ("title", "lay", "conditions"),
    "tier_abc": ("title", "lay", "conditions", "lead", "care"),
}
# FTS5 bm25 column weights, in ARTICLE_COLUMNS order, matching the tsvector weights above
# in order (emergency is searched on its own, never ranked).
ARTICLE_BM25 = (10.0, 10.0, 5.0, 3.0, 3.0, 1.0, 0.0)
CONDITION_COLUMNS = ["name", "also_called", "lay", "gloss"]
CONDITION_WEIGHTS = {"name": "A", "also_called": "A", "lay": "A", "gloss": "C"}
CONDITION_BM25 = (10.0, 10.0, 10.0, 3.0)


def terms(text: str) -> list[str]:
    """The lower-cased words of ``text`` that search uses, at most MAX_TERMS."""
    return [word.lower() for word in WORD.findall(text)][:MAX_TERMS]


def plain_text(markdown_text: str) -> str:
    """The words a reader sees in a section body, one block (paragraph, list item) a line."""
    html = BLOCK_TAGS.sub(lambda m: m.group(0) + "\n", render_markdown(markdown_text))
    return "\n".join(" ".join(line.split()) for line in unescape(strip_tags(html)).splitlines() if line.strip())


def _lines(parts: Iterable[str]) -> str:
    return "\n".join(part for part in parts if part)


def index_fields(document: dict) -> dict[str, str]:
    """The texts a SearchDocument keeps for a live document, a line per block (so a
    snippet can quote one sentence or one cause, never list text run together)."""
    conditions: list[str] = []
    body: list[str] = []
    for section in document["sections"]:
        body += [section["heading"], plain_text(section["body"])]
        for group in section["groups"]:
            body += [group["heading"], group["lead_in"]]
            for entry in group["entries"]:
                if entry["kind"] == "condition":
                    also = entry.get("also_called", []) + entry.get("lay_terms", [])
                    gloss = f" ({entry['gloss']})" if entry["gloss"] else ""
                    conditions.append(f"{entry['name']}{gloss}" + (f"; also called {', '.join(also)}" if also else ""))
                elif entry["kind"] == "article":
                    body.append(entry["title"])
                else:
                    body.append(entry["text"])
    care = document.get("care", {})
    return {
        "title": f"{document['title']}\n{document['question']}",
        "lay": _lines(document.get("lay_terms", [])),
        "conditions": _lines(conditions),
        "lead": document["lead"],
        "care": _lines(statement for tier in ("emergency", "urgent", "routine") for statement in care.get(tier, [])),
        "emergency": _lines(care.get("emergency", [])),
        "body": _lines(body),
    }


def write_search_document(publication: Publication, fields: dict[str, str], *, first: bool = False) -> None:
    """The search row of a live document's ``fields`` (index_fields): inside the
    sign-off's transaction, with the article locked, created for a publication written
    ``first``, else updated (or created if it had none)."""
    if connection.vendor == "postgresql":
        _pg_write_search_document(publication.pk, fields, first=first)
        return
    if first or not SearchDocument.objects.filter(publication=publication).update(**fields):
        SearchDocument.objects.create(publication=publication, **fields)
    _fts_write("reviews_article_fts", publication.pk, [fields[c] for c in ARTICLE_COLUMNS])


# PostgreSQL keeps the vectors beside the texts, made in the statement that writes the
# texts, so no row is written twice (a second version would wait for VACUUM, and the GIN
# indexes would point at both). Written as SQL once: built with the ORM, the ten
# tsvector expressions took longer to compile than the database took to run them, and
# sent each text up to four times.
def _vector_sql(source: str) -> dict[str, str]:
    """{column: SQL expression} for every vector of an article's search row, made from
    the text columns of ``source`` (a table, or a VALUES list)."""

    def text(columns: Iterable[str]) -> str:
        return " || ' ' || ".join(f"{source}.{column}" for column in columns)

    weighted = " || ".join(
        f"setweight(to_tsvector('english', {source}.{column}), '{weight}')"
        for column, weight in ARTICLE_WEIGHTS.items()
    )
    return {
        "vector": weighted,
        "emergency_vector": f"to_tsvector('english', {source}.emergency)",
        **{name: f"to_tsvector('english', {text(columns)})" for name, columns in TIER_COLUMNS.items()},
    }


def _pg_write_search_document(publication_id: int, fields: dict[str, str], *, first: bool) -> None:
    table = SearchDocument._meta.db_table
    names = ["publication_id", *ARTICLE_COLUMNS]
    values = f"(VALUES ({', '.join(['%s'] * len(names))})) AS v ({', '.join(names)})"
    params: list[int | str] = [publication_id, *(fields[column] for column in ARTICLE_COLUMNS)]
    written = {**{column: f"v.{column}" for column in ARTICLE_COLUMNS}, **_vector_sql("v")}
    with connection.cursor() as cursor:
        if not first:
            assignments = ", ".join(f"{column} = {expression}" for column, expression in written.items())
            cursor.execute(
                f"UPDATE {table} AS d SET {assignments} FROM {values} "  # noqa: S608 - our own names
                "WHERE d.publication_id = v.publication_id",
                params,
            )
            if cursor.rowcount:
                return
        cursor.execute(
            f"INSERT INTO {table} (publication_id, {', '.join(written)}) "  # noqa: S608 - our own names
            f"SELECT v.publication_id, {', '.join(written.values())} FROM {values}",
            params,
        )


def write_care(publication: Publication, document: dict, *, first: bool = False) -> None:
    care = document.get("care", {})
    if not first:
        publication.care.all().delete()
    rows = [(tier, text) for tier in ("emergency", "urgent", "routine") for text in care.get(tier, [])]
    CareStatement.objects.bulk_create(
        CareStatement(publication=publication, tier=tier, text=text, position=position)
        for position, (tier, text) in enumerate(rows)
    )


def _weighted(weights: dict[str, str], text: Callable[[str], Any] = F) -> Any:
    """The columns' tsvectors, each with its weight, concatenated; each column's text is
    ``text(column)``: the stored column, or a value about to be stored."""
    vectors = [SearchVector(text(column), weight=weight, config="english") for column, weight in weights.items()]
    return reduce(operator.add, vectors)


def write_vector(publication_id: int) -> None:
    """On PostgreSQL, the vectors of one search document, from its stored texts."""
    if connection.vendor == "postgresql":
        table = SearchDocument._meta.db_table
        assignments = ", ".join(f"{column} = {expression}" for column, expression in _vector_sql(table).items())
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE publication_id = %s", [publication_id])  # noqa: S608


def _fts_write(table: str, rowid: int, values: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [rowid])  # noqa: S608 - our own table names
        placeholders = ", ".join(["%s"] * (len(values) + 1))
        columns = ", ".join(_columns(table))
        cursor.execute(f"INSERT INTO {table} (rowid, {columns}) VALUES ({placeholders})", [rowid, *values])  # noqa: S608


def _fts_delete(table: str, rowids: Iterable[int]) -> None:
    rowids = list(rowids)
    if rowids:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(rowids))})", rowids)  # noqa: S608


def _columns(table: str) -> list[str]:
    return ARTICLE_COLUMNS if table == "reviews_article_fts" else CONDITION_COLUMNS


def refresh_conditions(slugs: Iterable[str]) -> None:
    """Rewrite the search rows of these conditions from the public listings that name
    them (named as the most recently reviewed of those names them); remove the ones no
    public article lists any more. A fixed number of queries per CHUNK slugs, whatever
    the number of articles, and rows whose words did not change are not written."""
    ordered = sorted(set(slugs))
    for start in range(0, len(ordered), CHUNK):
        _refresh_chunk(ordered[start : start + CHUNK])


CHUNK = 500  # slugs per query: an IN list every database takes


def _texts(entry: dict) -> tuple[str, str, str, str]:
    """What a search row keeps of a listed condition: (name, also called, lay, gloss)."""
    return entry["name"], "\n".join(entry.get("also_called", [])), "\n".join(entry.get("lay_terms", [])), entry["gloss"]


def refresh_published_conditions(publication: Publication, document: dict, *, before: Iterable[str]) -> None:
    """After ``publication`` went live with ``document`` (its listings already
    rewritten): refresh the search rows of the conditions it lists or listed ``before``,
    without reading every article that lists a popular one.

    A condition's row is named as its most recently reviewed listing names it. If the
    row already reads as this document names the condition, and the publication's review
    date did not move back, it stays right whichever listing is the newest: this one,
    or the one that won before (the others did not change). Only the other conditions
    (new to search, named differently, or no longer listed here) are read from the
    listings, so a sign-off costs the same at 10 articles and at 10,000."""
    listed: dict[str, tuple[str, str, str, str]] = {}
    for _, _, entry in entries(document, "condition"):
        listed.setdefault(entry["slug"], _texts(entry))
    reviewed = publication.last_reviewed.isoformat()
    forward = all(signoff["date"] <= reviewed for signoff in publication.history)
    settled: set[str] = set()
    if forward and listed:
        stored = SearchCondition.objects.filter(slug__in=list(listed)).values_list(
            "slug", "name", "also_called", "lay", "gloss"
        )
        settled = {slug for slug, *texts in stored if tuple(texts) == listed[slug]}
    refresh_conditions((set(listed) | set(before)) - settled)


def _latest_listings(slugs: list[str]) -> dict[str, tuple[str, str, str, str]]:
    """{slug: (name, also called, lay, gloss)} as the most recently reviewed public
    listing of each slug names it: one query (a window ranks each slug's listings)."""
    ranked = (
        ConditionListing.objects.public()
        .filter(condition_slug__in=slugs)
        .newest_per_condition()
        .values_list("condition_slug", "name", "also_called", "lay_terms", "gloss")
    )
    return {
        slug: (name, "\n".join(also_called), "\n".join(lay_terms), gloss)
        for slug, name, also_called, lay_terms, gloss in ranked
    }


def _refresh_chunk(slugs: list[str]) -> None:
    wanted = _latest_listings(slugs)
    stored = {
        slug: (pk, (name, also_called, lay, gloss))
        for pk, slug, name, also_called, lay, gloss in SearchCondition.objects.filter(slug__in=slugs).values_list(
            "pk", "slug", "name", "also_called", "lay", "gloss"
        )
    }
    gone = [pk for slug, (pk, _) in stored.items() if slug not in wanted]
    if gone:
        SearchCondition.objects.filter(pk__in=gone).delete()
        if connection.vendor == "sqlite":
            _fts_delete("reviews_condition_fts", gone)
    # Rows are written in slug order, so sign-offs running at once lock them in one order.
    changed = [
        SearchCondition(pk=stored[slug][0], slug=slug, name=n, also_called=a, lay=la, gloss=g)
        for slug, (n, a, la, g) in sorted(wanted.items())
        if slug in stored and stored[slug][1] != (n, a, la, g)
    ]
    SearchCondition.objects.bulk_update(changed, ["name", "also_called", "lay", "gloss"])
    # A sign-off adding a condition to search here has inserted its PublicCondition row
    # first (reviews/listings.py): another sign-off adding the same one waits at that
    # insert until this one commits, and then finds this row.
    added = SearchCondition.objects.bulk_create(
        SearchCondition(slug=slug, name=n, also_called=a, lay=la, gloss=g)
        for slug, (n, a, la, g) in sorted(wanted.items())
        if slug not in stored
    )
    _write_condition_vectors(changed + added)


def _write_condition_vectors(rows: list[SearchCondition]) -> None:
    """The search vectors (PostgreSQL, one UPDATE) or full-text rows (SQLite) of ``rows``."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        SearchCondition.objects.filter(pk__in=[row.pk for row in rows]).update(vector=_weighted(CONDITION_WEIGHTS))
        return
    _fts_delete("reviews_condition_fts", [row.pk for row in rows])
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO reviews_condition_fts (rowid, name, also_called, lay, gloss) VALUES (%s, %s, %s, %s, %s)",
            [(row.pk, row.name, row.also_called, row.lay, row.gloss) for row in rows],
        )


def add_vocabulary(texts: Iterable[str]) -> None:
    """Add the words of reviewed texts to what "did you mean" may offer. Words are never
    removed here (a word of a withdrawn article only ever leads to a search that finds
    nothing, which is never offered); rebuild_vocabulary starts afresh."""
    words = sorted({w[:100] for text in texts for w in WORD.findall(text.lower()) if len(w) > 2})
    if not words:
        return
    # One statement, no model instances: every sign-off adds some fifty words, most known.
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"INSERT INTO {table} (term) SELECT unnest(%s::varchar[]) ON CONFLICT DO NOTHING", [words])  # noqa: S608
        else:
            cursor.executemany(f"INSERT OR IGNORE INTO {table} (term) VALUES (%s)", [[w] for w in words])  # noqa: S608


VOCABULARY_FIELDS = ("title", "lay", "care", "conditions")


def rebuild_vocabulary() -> None:
    """Start the words "did you mean" can offer afresh, from the reviewed texts of public
    pages only (the same fields publish adds)."""
    SearchTerm.objects.all().delete()
    public = SearchDocument.objects.filter(publication__withdrawn_at__isnull=True)
    for row in public.values_list(*VOCABULARY_FIELDS).iterator(chunk_size=500):
        add_vocabulary(row)


def reindex_all() -> None:
    """Write every search row's vectors (PostgreSQL) or full-text rows (SQLite) again
    from the texts already stored, e.g. after a restore."""
    for document in SearchDocument.objects.all().iterator(chunk_size=500):
        write_vector(document.pk)
        if connection.vendor == "sqlite":
            _fts_write("reviews_article_fts", document.pk, [getattr(document, c) for c in ARTICLE_COLUMNS])
    for row in SearchCondition.objects.all().iterator(chunk_size=500):
        if connection.vendor == "postgresql":
            SearchCondition.objects.filter(pk=row.pk).update(vector=_weighted(CONDITION_WEIGHTS))
        else:
            _fts_write("reviews_condition_fts", row.pk, [row.name, row.also_called, row.lay, row.gloss])
