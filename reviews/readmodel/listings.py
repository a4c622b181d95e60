"""The listing summaries: one row per public condition and per category (ConditionSummary,
CategorySummary) and each publication's A–Z letter, written in the transaction of every
sign-off and withdrawal (reviews/readmodel/publishing.py), so A–Z, home, category and condition
pages read a few small rows instead of every article's listings.

A condition or category is named as the most recently reviewed public article that
lists it names it (names are reviewed with the articles), and counts the public articles
that list it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import Count, F, Field, Max, QuerySet, Window
from django.db.models.functions import RowNumber

from articles.document import entries

from .models import CategoryListing, CategorySummary, ConditionListing, ConditionSummary, Publication

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OTHER = "#"  # the A–Z group of names that start with anything but A–Z
CHUNK = 500  # slugs per query: an IN list every database takes


def first_letter(name: str) -> str:
    """The A–Z group ``name`` is listed under."""
    letter = name[:1].upper()
    return letter if "A" <= letter <= "Z" else OTHER


Listed = tuple[frozenset[str], frozenset[str]]
NOTHING: Listed = (frozenset(), frozenset())


def listed(publication: Publication) -> Listed:
    """(condition slugs, category slugs) the publication's read-model rows list now: taken
    before they are rewritten, so ``refresh`` also mends what it stops listing."""
    conditions = frozenset(publication.listings.values_list("condition_slug", flat=True))
    categories = frozenset(publication.categories.values_list("slug", flat=True))
    return conditions, categories


def listed_in(document: dict[str, Any]) -> Listed:
    """(condition slugs, category slugs) the read-model rows of a live ``document`` list
    (what publishing.write_read_model writes from it)."""
    conditions = frozenset(entry["slug"] for _, _, entry in entries(document, "condition"))
    return conditions, frozenset(category["slug"] for category in document["categories"])


def refresh(
    publication: Publication,
    *,
    before: Listed = NOTHING,
    was_public: bool | None = None,
    document: dict[str, Any] | None = None,
) -> None:
    """Bring the publication's letter and the summaries of every condition and category
    it lists, or listed ``before``, up to date (after its rows or its withdrawal were
    written).

    With ``was_public`` known (publish and withdraw know it; publish also passes the
    live ``document`` its rows were just written from, which says what they list) this is
    a change to each row, whatever the number of articles: counts move by one, and a row
    is renamed when this publication is now the most recently reviewed that lists it. Only a row this
    publication named and no longer names (it stopped listing it, or was withdrawn) is
    recomputed from its listings. Without them, every row involved is recomputed."""
    letter = first_letter(publication.title)
    if publication.letter != letter:
        Publication.objects.filter(pk=publication.pk).update(letter=letter)
        publication.letter = letter
    public = publication.withdrawn_at is None
    if was_public is None or (public and document is None):
        conditions, categories = listed(publication)
        refresh_conditions(conditions | before[0])
        refresh_categories(categories | before[1])
        return
    counted_before = before if was_public else NOTHING
    counted_now, names, category_names = NOTHING, {}, {}
    if public and document is not None:
        counted_now = listed_in(document)
        names, category_names = condition_names_in(document), category_names_in(document)
    redo = _apply(ConditionSummary, publication, counted_before[0], counted_now[0], names)
    refresh_conditions(redo)
    redo = _apply(CategorySummary, publication, counted_before[1], counted_now[1], category_names)
    refresh_categories(redo)


def condition_names_in(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{slug: the row's naming fields} as the document's first listing of each slug
    gives them (the ConditionListing rows publishing writes from it, in position order)."""
    names: dict[str, dict[str, Any]] = {}
    for _, _, entry in entries(document, "condition"):
        names.setdefault(
            entry["slug"],
            {
                "name": entry["name"],
                "letter": first_letter(entry["name"]),
                "gloss": entry["gloss"],
                "also_called": entry.get("also_called", []),
                "codes": entry.get("codes", {}),
                "own_article": entry.get("own_article") or "",
            },
        )
    return names


def category_names_in(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    names: dict[str, dict[str, Any]] = {}
    for category in document["categories"]:
        names.setdefault(category["slug"], {"name": category["name"]})
    return names


def _apply(
    model: type[ConditionSummary] | type[CategorySummary],
    publication: Publication,
    before: frozenset[str],
    now: frozenset[str],
    names: dict[str, dict[str, Any]],
) -> set[str]:
    """Move the summary rows of ``model`` from ``before`` to ``now`` (the slugs this
    publication counted in, publicly, before and after) and return the slugs that must be
    recomputed. Every write is one statement whose condition holds under concurrent
    sign-offs (counts move by one from what the row holds; a rename applies only where
    this publication is at least as recent as the one that named the row)."""
    reviewed, pk = publication.last_reviewed, publication.pk
    added, removed, kept = now - before, before - now, now & before
    # A row this publication named with a later review than it has now (its date moved
    # back) may be named by another: those are recomputed. _add says which of its rows.
    redo = _add(model, publication, sorted(added), names) if added else set()
    if removed:
        model.objects.filter(slug__in=removed).update(article_count=F("article_count") - 1)
        model.objects.filter(slug__in=removed, article_count=0).delete()
        redo |= set(model.objects.filter(slug__in=removed, named_by=pk).values_list("slug", flat=True))
    if kept:
        _rename(model, publication, sorted(kept), names)
        redo |= set(
            model.objects.filter(slug__in=kept, named_by=pk, last_reviewed__gt=reviewed).values_list("slug", flat=True)
        )
    return redo


def _naming(model: type[ConditionSummary] | type[CategorySummary], names: dict[str, Any]) -> list[Field[Any, Any]]:
    """The columns a row is named by: the review date and publication that named it, then
    its names (the keys of ``names``, one slug's naming fields)."""
    return [_column(model, name) for name in ("last_reviewed", "named_by", *names)]


def _values(fields: list[Field[Any, Any]], publication: Publication, names: dict[str, Any]) -> list[Any]:
    values = [publication.last_reviewed, publication.pk, *names.values()]
    return [field.get_db_prep_value(value, connection) for field, value in zip(fields, values, strict=True)]


def _newer(table: str, row: str) -> str:
    """SQL: ``row`` (its last_reviewed and named_by) is at least as recent as the naming
    the stored row of ``table`` has, so it may rename it (ties go to the later article)."""
    return (
        f"({table}.last_reviewed < {row}.last_reviewed"
        f" OR ({table}.last_reviewed = {row}.last_reviewed AND {table}.named_by <= {row}.named_by))"
    )


def _add(
    model: type[ConditionSummary] | type[CategorySummary],
    publication: Publication,
    slugs: list[str],
    names: dict[str, dict[str, Any]],
) -> set[str]:
    """Count the publication in the rows of ``slugs`` (new to it): one statement that
    creates the missing rows, moves each count on by one, and renames the rows this
    publication is at least as recent as the one that named them (so concurrent sign-offs
    never name a row after an older article). Rows are written in slug order. Returns
    the slugs whose row, as written, this publication names with a later review than it
    has now."""
    fields = _naming(model, names[slugs[0]])
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ["slug", *(field.column for field in fields)]
    row = f"({', '.join(['%s'] * (len(columns) + 1))})"
    newer = _newer(table, "excluded")
    renamed = ", ".join(
        f"{quote(c)} = CASE WHEN {newer} THEN excluded.{quote(c)} ELSE {table}.{quote(c)} END" for c in columns[1:]
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(map(quote, columns))}, article_count) "  # noqa: S608 - our own names
        f"VALUES {', '.join([row] * len(slugs))} "
        f"ON CONFLICT (slug) DO UPDATE SET article_count = {table}.article_count + 1, {renamed} "
        f"RETURNING slug, CASE WHEN named_by = %s AND last_reviewed > %s THEN 1 ELSE 0 END"
    )
    params = [value for slug in slugs for value in (slug, *_values(fields, publication, names[slug]), 1)]
    params += [publication.pk, fields[0].get_db_prep_value(publication.last_reviewed, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {slug for slug, later in cursor.fetchall() if later}


def _rename(
    model: type[ConditionSummary] | type[CategorySummary],
    publication: Publication,
    slugs: list[str],
    names: dict[str, dict[str, Any]],
) -> None:
    """Rename the rows of ``slugs`` (already counted) that this publication is at least as
    recent as the one that named them, each with its own names: one conditional UPDATE a
    row, sent together (executemany) as one statement written once."""
    fields = _naming(model, names[slugs[0]])
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET "  # noqa: S608 - our own table and columns
        + ", ".join(f"{quote(field.column)} = %s" for field in fields)
        + " WHERE slug = %s AND (last_reviewed < %s OR (last_reviewed = %s AND named_by <= %s))"
    )
    day = fields[0].get_db_prep_value(publication.last_reviewed, connection)
    rows = [[*_values(fields, publication, names[slug]), slug, day, day, publication.pk] for slug in slugs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _column(model: type[ConditionSummary] | type[CategorySummary], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # a column, never a relation
    return field


def _chunks(slugs: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(slugs))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _counts(listings: QuerySet[Any], slug: str) -> dict[str, tuple[int, datetime.date]]:
    """Per slug: how many public articles list it, and the newest review date among them."""
    rows = (
        listings.values(slug)
        .annotate(n=Count("publication", distinct=True), newest=Max("publication__last_reviewed"))
        .values_list(slug, "n", "newest")
    )
    return {key: (n, newest) for key, n, newest in rows}


def refresh_conditions(slugs: Iterable[str]) -> None:
    """Rewrite the ConditionSummary rows of ``slugs`` from the public listings (three
    queries per chunk, whatever the number of articles); a condition no public article
    lists loses its row."""
    for chunk in _chunks(slugs):
        listings = ConditionListing.objects.public().filter(condition_slug__in=chunk)
        counts = _counts(listings, "condition_slug")
        latest = listings.newest_per_condition().values_list(
            "condition_slug", "name", "gloss", "also_called", "codes", "own_article", "publication_id"
        )
        ConditionSummary.objects.filter(slug__in=chunk).delete()
        ConditionSummary.objects.bulk_create(
            ConditionSummary(
                slug=slug,
                name=name,
                letter=first_letter(name),
                gloss=gloss,
                also_called=also_called,
                codes=codes,
                own_article=own_article,
                article_count=counts[slug][0],
                last_reviewed=counts[slug][1],
                named_by=named_by,
            )
            for slug, name, gloss, also_called, codes, own_article, named_by in latest
        )


def refresh_categories(slugs: Iterable[str]) -> None:
    """Rewrite the CategorySummary rows of ``slugs`` from the public articles' categories."""
    for chunk in _chunks(slugs):
        rows = CategoryListing.objects.public().filter(slug__in=chunk)
        counts = _counts(rows, "slug")
        latest = (
            rows.values("slug", "name", "publication_id")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("slug"),
                    order_by=[F("publication__last_reviewed").desc(), F("publication_id").desc()],
                )
            )
            .filter(rank=1)
            .values_list("slug", "name", "publication_id")
        )
        CategorySummary.objects.filter(slug__in=chunk).delete()
        CategorySummary.objects.bulk_create(
            CategorySummary(
                slug=slug, name=name, article_count=counts[slug][0], last_reviewed=counts[slug][1], named_by=named_by
            )
            for slug, name, named_by in latest
        )


def rebuild() -> None:
    """Every summary afresh (manage.py rebuild_read_model): letters of every publication,
    and the rows of every condition and category any publication lists or a row names."""
    for pk, title, letter in Publication.objects.values_list("pk", "title", "letter").iterator(chunk_size=2000):
        if letter != first_letter(title):
            Publication.objects.filter(pk=pk).update(letter=first_letter(title))
    conditions = set(ConditionListing.objects.values_list("condition_slug", flat=True).distinct())
    refresh_conditions(conditions | set(ConditionSummary.objects.values_list("slug", flat=True)))
    categories = set(CategoryListing.objects.values_list("slug", flat=True).distinct())
    refresh_categories(categories | set(CategorySummary.objects.values_list("slug", flat=True)))
