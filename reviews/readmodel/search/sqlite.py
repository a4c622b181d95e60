"""Search on SQLite: the same texts in FTS5 tables with the Porter stemmer (made by
reviews.0010; their rowid is the search row's id), ranked with bm25 weights that match
PostgreSQL's, and "did you mean" from terms of about the same length. The FTS5 tables
are no models, so their names are here, once; the other tables' come from the models.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from ..models import ConditionListing, Publication, SearchCondition, SearchDocument, SearchTerm
from .respelling import alike_in_length, closest_of
from .text import (
    ARTICLE_BM25,
    ARTICLE_COLUMNS,
    CONDITION_BM25,
    CONDITION_COLUMNS,
    SNIPPET_FIELDS,
    SNIPPET_WORDS,
    START,
    STOP,
    TIER_COLUMNS,
)

ARTICLES = "reviews_article_fts"
CONDITIONS = "reviews_condition_fts"


def _execute(sql: str, params: list[Any], *, many: bool = False) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        if many:
            cursor.executemany(sql, params)
            return []
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _replace(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Write full-text rows, (rowid, *texts) each, over any with the same rowid."""
    _delete(table, [row[0] for row in rows])
    placeholders = ", ".join(["%s"] * (len(columns) + 1))
    _execute(f"INSERT INTO {table} (rowid, {', '.join(columns)}) VALUES ({placeholders})", rows, many=True)  # noqa: S608


def _delete(table: str, rowids: list[int]) -> None:
    if rowids:
        _execute(f"DELETE FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(rowids))})", rowids)  # noqa: S608


def write_article(publication_id: int, fields: dict[str, str], *, first: bool) -> None:
    """The search row of a publication and its full-text row: updated, or created when
    the publication is ``first`` written or had none."""
    if first or not SearchDocument.objects.filter(publication_id=publication_id).update(**fields):
        SearchDocument.objects.create(publication_id=publication_id, **fields)
    _replace(ARTICLES, ARTICLE_COLUMNS, [(publication_id, *(fields[c] for c in ARTICLE_COLUMNS))])


def write_conditions(rows: list[SearchCondition]) -> None:
    """The full-text rows of condition rows just written."""
    _replace(CONDITIONS, CONDITION_COLUMNS, [(row.pk, *(getattr(row, c) for c in CONDITION_COLUMNS)) for row in rows])


def forget_conditions(ids: list[int]) -> None:
    """The full-text rows of condition rows just deleted."""
    _delete(CONDITIONS, ids)


def add_terms(words: list[str]) -> None:
    table = SearchTerm._meta.db_table
    _execute(f"INSERT OR IGNORE INTO {table} (term) VALUES (%s)", [[word] for word in words], many=True)  # noqa: S608


@contextmanager
def reading() -> Iterator[None]:
    yield


def _match(words: list[str], columns: tuple[str, ...] = ()) -> str:
    """An FTS5 query: every word, quoted (so none is read as syntax), all required, in
    ``columns`` only if given."""
    phrase = " ".join(f'"{word}"' for word in words)
    return f"{{{' '.join(columns)}}} : ({phrase})" if columns else phrase


def _public() -> tuple[str, list[Any]]:
    """SQL of the ids of public publications (Publication.objects.public()), and its parameters."""
    sql, params = Publication.objects.public().order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def count(words: list[str], cap: int) -> int:
    public, params = _public()
    sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {ARTICLES} WHERE {ARTICLES} MATCH %s "  # noqa: S608 - no input in the text
        f"AND rowid IN ({public}) LIMIT %s)"
    )
    found: int = _execute(sql, [_match(words), *params, cap])[0][0]
    return found


def page(words: list[str], offset: int, limit: int, *, scored: bool) -> list[tuple[int, list[str | None]]]:
    """[(publication id, its snippets in SNIPPET_FIELDS order)] of one page, in rank
    order (one query ranks and cuts; by bm25 only when ``scored``, as on PostgreSQL);
    snippets are made by FTS5's snippet() for this page only."""
    public, params = _public()
    in_tier = f"WHEN rowid IN (SELECT rowid FROM {ARTICLES} WHERE {ARTICLES} MATCH %s)"  # noqa: S608
    tiers = " ".join(f"{in_tier} THEN {index}" for index in range(len(TIER_COLUMNS)))
    lists_causes = _lists_causes_sql()
    score = f"bm25({ARTICLES}, {', '.join(map(str, ARTICLE_BM25))}), " if scored else ""
    title = f"(SELECT title FROM {Publication._meta.db_table} p WHERE p.article_id = {ARTICLES}.rowid)"  # noqa: S608
    sql = (
        f"SELECT rowid FROM {ARTICLES} WHERE {ARTICLES} MATCH %s AND rowid IN ({public}) "  # noqa: S608
        f"ORDER BY CASE {tiers} ELSE {len(TIER_COLUMNS)} END, NOT EXISTS ({lists_causes}), "
        f"{score}{title}, rowid LIMIT %s OFFSET %s"
    )
    tier_matches = [_match(words, columns) for columns in TIER_COLUMNS.values()]
    ids = [row[0] for row in _execute(sql, [_match(words), *params, *tier_matches, limit, offset])]
    if not ids:
        return []
    numbers = [ARTICLE_COLUMNS.index(name) for name in SNIPPET_FIELDS]
    snippets = ", ".join(f"snippet({ARTICLES}, {n}, %s, %s, '…', {SNIPPET_WORDS})" for n in numbers)
    sql = (
        f"SELECT rowid, {snippets} FROM {ARTICLES} "  # noqa: S608 - no input in the text
        f"WHERE {ARTICLES} MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})"
    )
    rows = _execute(sql, [START, STOP] * len(numbers) + [_match(words), *ids])
    texts = {row[0]: list(row[1:]) for row in rows}
    return [(pk, texts.get(pk, [None] * len(numbers))) for pk in ids]


def _lists_causes_sql() -> str:
    listings = ConditionListing._meta.db_table
    return f"SELECT 1 FROM {listings} l WHERE l.publication_id = {ARTICLES}.rowid"  # noqa: S608


def conditions(words: list[str], limit: int) -> list[int]:
    weights = ", ".join(map(str, CONDITION_BM25))
    sql = (
        f"SELECT rowid FROM {CONDITIONS} WHERE {CONDITIONS} MATCH %s "  # noqa: S608 - no input in the text
        f"ORDER BY bm25({CONDITIONS}, {weights}), "
        f"(SELECT name FROM {SearchCondition._meta.db_table} c WHERE c.id = {CONDITIONS}.rowid) LIMIT %s"
    )
    return [row[0] for row in _execute(sql, [_match(words), limit])]


def emergency_matches(words: list[str]) -> QuerySet[SearchDocument]:
    """The public search rows whose emergency statements hold every word (their pks are
    their publications')."""
    matching = RawSQL(f"SELECT rowid FROM {ARTICLES} WHERE {ARTICLES} MATCH %s", [_match(words, ("emergency",))])  # noqa: S611, S608
    return SearchDocument.objects.public().filter(pk__in=matching)


def tier_matches(words: list[str], tier: str) -> QuerySet[SearchDocument]:
    """The public search rows holding every word in the texts of ``tier`` (a key of
    TIER_COLUMNS)."""
    sql = f"SELECT rowid FROM {ARTICLES} WHERE {ARTICLES} MATCH %s"  # noqa: S608 - no input in the text
    return SearchDocument.objects.public().filter(pk__in=RawSQL(sql, [_match(words, TIER_COLUMNS[tier])]))  # noqa: S611


def closest(word: str) -> str | None:
    """The closest term among those alike in length (respelling.py)."""
    return closest_of(word, sorted(alike_in_length(word)))
