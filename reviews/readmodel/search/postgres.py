"""Search on PostgreSQL: weighted tsvectors (English stemming) beside the texts, under GIN
indexes (reviews.0010, 0015, 0017), and pg_trgm for "did you mean". Table and column
names come from the models; only what cannot be said with the ORM is SQL.
"""

import operator
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Case, Exists, F, FloatField, OuterRef, QuerySet, Value, When

from ..models import ConditionListing, SearchCondition, SearchDocument, SearchTerm
from .respelling import alike_in_length, closest_of
from .text import (
    ARTICLE_COLUMNS,
    ARTICLE_WEIGHTS,
    CONDITION_WEIGHTS,
    SNIPPET_FIELDS,
    SNIPPET_WORDS,
    START,
    STOP,
    TIER_COLUMNS,
)


# The vectors are made in the statement that writes the texts, so no row is written twice
# (a second version would wait for VACUUM, and the GIN indexes would point at both).
# Written as SQL once: built with the ORM, the ten tsvector expressions took longer to
# compile than the database took to run them, and sent each text up to four times.
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


def write_article(publication_id: int, fields: dict[str, str], *, first: bool) -> None:
    """The search row of a publication with its vectors: updated, or inserted when the
    publication is ``first`` written or had none."""
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


def _weighted(weights: dict[str, str]) -> Any:
    """The stored columns' tsvectors, each with its weight, concatenated."""
    vectors = [SearchVector(F(column), weight=weight, config="english") for column, weight in weights.items()]
    return reduce(operator.add, vectors)


def write_conditions(rows: list[SearchCondition]) -> None:
    """The vectors of condition rows just written (one UPDATE)."""
    SearchCondition.objects.filter(pk__in=[row.pk for row in rows]).update(vector=_weighted(CONDITION_WEIGHTS))


def forget_conditions(ids: list[int]) -> None:
    """Nothing to do: a condition's vector goes with its row."""


def add_terms(words: list[str]) -> None:
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (term) SELECT unnest(%s::varchar[]) ON CONFLICT DO NOTHING", [words])  # noqa: S608


@contextmanager
def reading() -> Iterator[None]:
    """Search's queries planned to read the GIN indexes. The planner prices a sequential
    scan by pages, not by the vector it reads and decompresses in every row, so for a
    common word it scans (and, in parallel workers, builds each tier's set once per
    worker): ten times the index plan at 10,000 articles. Search only reads, so its
    transaction (or savepoint) is rolled back, which also undoes the settings."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
        transaction.set_rollback(True)


def _tsquery(words: list[str]) -> SearchQuery:
    return SearchQuery(" ".join(words), search_type="plain", config="english")


def _matching(words: list[str]) -> QuerySet[SearchDocument]:
    return SearchDocument.objects.public().filter(vector=_tsquery(words))


def count(words: list[str], cap: int) -> int:
    return _matching(words)[:cap].count()


def page(words: list[str], offset: int, limit: int, *, scored: bool) -> list[tuple[int, list[str | None]]]:
    """[(publication id, its snippets in SNIPPET_FIELDS order)] of one page, in rank
    order. Each tier is a set of articles read from its GIN index once (a hashed
    subplan), so ranking thousands of matches decompresses no vector; the score does, so
    only ``scored`` pages use it. Snippets are made by ts_headline for this page only."""
    query = _tsquery(words)
    tier = Case(
        *[
            When(pk__in=SearchDocument.objects.filter(**{column: query}).values("pk"), then=Value(index))
            for index, column in enumerate(TIER_COLUMNS)
        ],
        default=Value(len(TIER_COLUMNS)),
    )
    score = SearchRank(F("vector"), query) if scored else Value(0.0, output_field=FloatField())
    ranked = (
        _matching(words)
        .annotate(tier=tier, lists_causes=Exists(ConditionListing.objects.filter(publication=OuterRef("pk"))))
        .annotate(score=score)
        .order_by("tier", F("lists_causes").desc(), "-score", "publication__title", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(ranked[offset : offset + limit])
    headlines = {
        name: SearchHeadline(
            name,
            query,
            config="english",
            start_sel=START,
            stop_sel=STOP,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
        )
        for name in SNIPPET_FIELDS
    }
    rows = (
        SearchDocument.objects.filter(pk__in=ids)
        .annotate(**{f"snippet_{name}": headline for name, headline in headlines.items()})
        .values_list("pk", *[f"snippet_{name}" for name in SNIPPET_FIELDS])
    )
    snippets = {pk: list(texts) for pk, *texts in rows}
    return [(pk, snippets[pk]) for pk in ids if pk in snippets]


def conditions(words: list[str], limit: int) -> list[int]:
    query = _tsquery(words)
    ranked = SearchCondition.objects.filter(vector=query).annotate(rank=SearchRank(F("vector"), query))
    return list(ranked.order_by("-rank", "name").values_list("pk", flat=True)[:limit])


def emergency_matches(words: list[str]) -> QuerySet[SearchDocument]:
    """The public search rows whose emergency statements hold every word (their pks are
    their publications')."""
    return SearchDocument.objects.public().filter(emergency_vector=_tsquery(words))


def tier_matches(words: list[str], tier: str) -> QuerySet[SearchDocument]:
    """The public search rows holding every word in the texts of ``tier`` (a key of
    TIER_COLUMNS), read from that tier's GIN index."""
    if tier not in TIER_COLUMNS:
        raise ValueError(f"no search tier {tier!r}")
    return SearchDocument.objects.public().filter(**{tier: _tsquery(words)})


def closest(word: str) -> str | None:
    """The closest term (respelling.py) among those alike in length and the most similar
    by trigrams (``%``, pg_trgm's similarity above its 0.3 threshold, answered by the GIN
    trigram index on the vocabulary), all with the same first letter, as on SQLite: a
    changed first letter is another word more often than a slip ("cough", "tough")."""
    similar = (
        SearchTerm.objects.filter(term__trigram_similar=word, term__startswith=word[0])
        .annotate(similarity=TrigramSimilarity("term", word))
        .order_by("-similarity", "term")
        .values_list("term", flat=True)[:TRIGRAM_CANDIDATES]
    )
    return closest_of(word, sorted({*alike_in_length(word), *similar}))


TRIGRAM_CANDIDATES = 10
