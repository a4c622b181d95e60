"""The search side of the read model, written at publish time from signed-off documents
only (reviews/readmodel/publishing.py): what each publication and each listed condition
is found by, its "when to get help" statements, and the words "did you mean" may offer.
What differs by database is in dialect.py's choice.
"""

from collections.abc import Iterable
from typing import Any

from articles.document import entries, signs
from articles.models import WarningSign

from ..models import CareStatement, ConditionListing, Publication, SearchCondition, SearchDocument, SearchTerm
from ..models.listings import row_seal
from .dialect import dialect
from .text import VOCABULARY_FIELDS, condition_texts, index_fields, vocabulary

CHUNK = 500  # slugs per query: an IN list every database takes
Texts = tuple[str, str, str, str]  # what a condition's search row keeps: name, also called, lay, gloss


def write_publication(
    publication: Publication, document: dict[str, Any], *, first: bool, listed_before: Iterable[str]
) -> None:
    """Everything search and the navigator read of a live ``document``: its care
    statements, its search row, the rows of the conditions it lists (or listed before),
    and its reviewed words."""
    write_care(publication, document, first=first)
    fields = index_fields(document)
    dialect().write_article(publication.pk, fields, first=first)
    refresh_published_conditions(publication, document, before=listed_before)
    add_vocabulary(fields[name] for name in VOCABULARY_FIELDS)


def write_care(publication: Publication, document: dict[str, Any], *, first: bool = False) -> None:
    if not first:
        publication.care.all().delete()
    tiers = ("emergency", "urgent", "routine")
    rows = sorted(signs(document), key=lambda row: tiers.index(row[0]))  # stable: each tier in its order
    # A sign deleted from the library since the revision was frozen is still the sign it shows.
    existing = set(WarningSign.objects.filter(pk__in=[sign["id"] for _, _, sign in rows]).values_list("pk", flat=True))
    statements = []
    for position, (tier, text, sign) in enumerate(rows):
        shown = {
            "tier": tier,
            "text": text,
            "position": position,
            "sign": sign["id"],
            "condition_slug": sign["condition"],
        }
        seal = row_seal("carestatement", publication.pk, publication.content_hash, shown)
        record = sign["id"] if sign["id"] in existing else None
        statements.append(CareStatement(publication=publication, record_id=record, seal=seal, **shown))
    CareStatement.objects.bulk_create(statements)


def refresh_conditions(slugs: Iterable[str]) -> None:
    """Rewrite the search rows of these conditions from the public listings that name
    them (named as the most recently reviewed of those names them); remove the ones no
    public article lists any more. A fixed number of queries per CHUNK slugs, whatever
    the number of articles, and rows whose words did not change are not written."""
    ordered = sorted(set(slugs))
    for start in range(0, len(ordered), CHUNK):
        _refresh_chunk(ordered[start : start + CHUNK])


def refresh_published_conditions(publication: Publication, document: dict[str, Any], *, before: Iterable[str]) -> None:
    """After ``publication`` went live with ``document`` (its listings already
    rewritten): refresh the search rows of the conditions it lists or listed ``before``,
    without reading every article that lists a popular one.

    A condition's row is named as its most recently reviewed listing names it. If the
    row already reads as this document names the condition, and the publication's review
    date did not move back, it stays right whichever listing is the newest: this one,
    or the one that won before (the others did not change). Only the other conditions
    (new to search, named differently, or no longer listed here) are read from the
    listings, so a sign-off costs the same at 10 articles and at 10,000."""
    listed: dict[str, Texts] = {}
    for _, _, entry in entries(document, "condition"):
        listed.setdefault(entry["slug"], condition_texts(entry))
    reviewed = publication.last_reviewed.isoformat()
    forward = all(signoff["date"] <= reviewed for signoff in publication.history)
    settled: set[str] = set()
    if forward and listed:
        stored = SearchCondition.objects.filter(slug__in=list(listed)).values_list(
            "slug", "name", "also_called", "lay", "gloss"
        )
        settled = {slug for slug, *texts in stored if tuple(texts) == listed[slug]}
    refresh_conditions((set(listed) | set(before)) - settled)


def _latest_listings(slugs: list[str]) -> dict[str, Texts]:
    """{slug: texts} as the most recently reviewed public listing of each slug names it:
    one query (a window ranks each slug's listings)."""
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
        dialect().forget_conditions(gone)
    # Rows are written in slug order, so sign-offs running at once lock them in one order.
    changed = [
        SearchCondition(pk=stored[slug][0], slug=slug, name=n, also_called=a, lay=la, gloss=g)
        for slug, (n, a, la, g) in sorted(wanted.items())
        if slug in stored and stored[slug][1] != (n, a, la, g)
    ]
    SearchCondition.objects.bulk_update(changed, ["name", "also_called", "lay", "gloss"])
    # A sign-off adding a condition to search here has inserted its ConditionSummary row
    # first (reviews/readmodel/listings.py): another sign-off adding the same one waits at
    # that insert until this one commits, and then finds this row.
    added = SearchCondition.objects.bulk_create(
        SearchCondition(slug=slug, name=n, also_called=a, lay=la, gloss=g)
        for slug, (n, a, la, g) in sorted(wanted.items())
        if slug not in stored
    )
    if changed or added:
        dialect().write_conditions(changed + added)


def add_vocabulary(texts: Iterable[str]) -> None:
    """Add the words of reviewed texts to what "did you mean" may offer, in one statement.
    Words are never removed here (a word of a withdrawn article only ever leads to a
    search that finds nothing, which is never offered); rebuild_vocabulary starts afresh."""
    if words := vocabulary(texts):
        dialect().add_terms(words)


def rebuild_vocabulary() -> None:
    """Start the words "did you mean" can offer afresh, from the reviewed texts of public
    pages only (the same fields publish adds)."""
    SearchTerm.objects.all().delete()
    for row in SearchDocument.objects.public().values_list(*VOCABULARY_FIELDS).iterator(chunk_size=500):
        add_vocabulary(row)
