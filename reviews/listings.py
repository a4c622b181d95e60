"""The listing summaries: one row per public condition and per category (PublicCondition,
PublicCategory) and each publication's A–Z letter, written in the transaction of every
sign-off and withdrawal (reviews/publishing.py), so A–Z, home, category and condition
pages read a few small rows instead of every article's listings.

A condition or category is named as the most recently reviewed public article that
lists it names it (names are reviewed with the articles), and counts the public articles
that list it.
"""

from collections.abc import Iterable

from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber

from .models.publication import ConditionListing, Publication, PublicCategory, PublicCondition, PublishedCategory

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OTHER = "#"  # the A–Z group of names that start with anything but A–Z
CHUNK = 500  # slugs per query: an IN list every database takes


def first_letter(name: str) -> str:
    """The A–Z group ``name`` is listed under."""
    letter = name[:1].upper()
    return letter if "A" <= letter <= "Z" else OTHER


Listed = tuple[frozenset[str], frozenset[str]]


def listed(publication: Publication) -> Listed:
    """(condition slugs, category slugs) the publication's read-model rows list now: taken
    before they are rewritten, so ``refresh`` also mends what it stops listing."""
    conditions = frozenset(publication.listings.values_list("condition_slug", flat=True))
    categories = frozenset(publication.categories.values_list("slug", flat=True))
    return conditions, categories


def refresh(publication: Publication, *, before: Listed = (frozenset(), frozenset())) -> None:
    """Bring the publication's letter and the summaries of every condition and category
    it lists, or listed ``before``, up to date (after its rows or its withdrawal were
    written)."""
    letter = first_letter(publication.title)
    if publication.letter != letter:
        Publication.objects.filter(pk=publication.pk).update(letter=letter)
        publication.letter = letter
    conditions, categories = listed(publication)
    refresh_conditions(conditions | before[0])
    refresh_categories(categories | before[1])


def refresh_conditions(slugs: Iterable[str]) -> None:
    """Rewrite the PublicCondition rows of ``slugs`` from the public listings (three
    queries per chunk, whatever the number of articles); a condition no public article
    lists loses its row."""
    ordered = sorted(set(slugs))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        listings = ConditionListing.objects.public().filter(condition_slug__in=chunk)
        counts = {
            slug: (n, newest)
            for slug, n, newest in listings.values("condition_slug")
            .annotate(n=Count("publication", distinct=True), newest=Max("publication__last_reviewed"))
            .values_list("condition_slug", "n", "newest")
        }
        latest = (
            listings.values("condition_slug", "name", "gloss", "also_called", "codes", "own_article")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("condition_slug"),
                    order_by=[F("publication__last_reviewed").desc(), F("publication_id").desc(), F("position").asc()],
                )
            )
            .filter(rank=1)
            .values_list("condition_slug", "name", "gloss", "also_called", "codes", "own_article")
        )
        PublicCondition.objects.filter(slug__in=chunk).delete()
        PublicCondition.objects.bulk_create(
            PublicCondition(
                slug=slug,
                name=name,
                letter=first_letter(name),
                gloss=gloss,
                also_called=also_called,
                codes=codes,
                own_article=own_article,
                article_count=counts[slug][0],
                last_reviewed=counts[slug][1],
            )
            for slug, name, gloss, also_called, codes, own_article in latest
        )


def refresh_categories(slugs: Iterable[str]) -> None:
    """Rewrite the PublicCategory rows of ``slugs`` from the public articles' categories."""
    ordered = sorted(set(slugs))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        rows = PublishedCategory.objects.filter(slug__in=chunk, publication__withdrawn_at__isnull=True)
        counts = {
            slug: (n, newest)
            for slug, n, newest in rows.values("slug")
            .annotate(n=Count("publication", distinct=True), newest=Max("publication__last_reviewed"))
            .values_list("slug", "n", "newest")
        }
        latest = (
            rows.values("slug", "name")
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("slug"),
                    order_by=[F("publication__last_reviewed").desc(), F("publication_id").desc()],
                )
            )
            .filter(rank=1)
            .values_list("slug", "name")
        )
        PublicCategory.objects.filter(slug__in=chunk).delete()
        PublicCategory.objects.bulk_create(
            PublicCategory(slug=slug, name=name, article_count=counts[slug][0], last_reviewed=counts[slug][1])
            for slug, name in latest
        )


def rebuild() -> None:
    """Every summary afresh (manage.py rebuild_read_model): letters of every publication,
    and the rows of every condition and category any publication lists or a row names."""
    for pk, title, letter in Publication.objects.values_list("pk", "title", "letter").iterator(chunk_size=2000):
        if letter != first_letter(title):
            Publication.objects.filter(pk=pk).update(letter=first_letter(title))
    conditions = set(ConditionListing.objects.values_list("condition_slug", flat=True).distinct())
    refresh_conditions(conditions | set(PublicCondition.objects.values_list("slug", flat=True)))
    categories = set(PublishedCategory.objects.values_list("slug", flat=True).distinct())
    refresh_categories(categories | set(PublicCategory.objects.values_list("slug", flat=True)))
