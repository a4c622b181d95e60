"""Reader-facing questions asked of the read model (reviews' Publication and listing
tables): public content only, never the working copy."""

from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Any, TypeVar

from reviews.models import ConditionListing, Publication, PublishedCategory

T = TypeVar("T")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def first_letter(name: str) -> str:
    letter = name[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def a_to_z(items: Iterable[T], name: Callable[[T], str]) -> dict[str, Any]:
    """Context for an A–Z page: items grouped by the first letter of ``name(item)``, and
    which letters of the navigation have entries. Sorted here, not by the database,
    whose collation may not agree with the grouping."""
    ordered = sorted(items, key=lambda i: (first_letter(name(i)), name(i).lower()))
    by_letter = [(letter, list(group)) for letter, group in groupby(ordered, key=lambda i: first_letter(name(i)))]
    present = {letter for letter, _ in by_letter}
    return {"by_letter": by_letter, "letters": [(letter, letter in present) for letter in LETTERS]}


def categories() -> list[tuple[str, str, int]]:
    """[(slug, name, article count)] of categories with public articles, named as the
    most recently reviewed of them shows it (category names are reviewed with articles)."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    rows = (
        PublishedCategory.objects.filter(publication__withdrawn_at__isnull=True)
        .order_by("publication__last_reviewed", "publication_id")
        .values_list("slug", "name")
    )
    for slug, name in rows:
        names[slug] = name
        counts[slug] = counts.get(slug, 0) + 1
    return sorted(((slug, names[slug], counts[slug]) for slug in names), key=lambda c: c[1].lower())


def category(slug: str) -> tuple[str, list[Publication]] | None:
    """(name, public articles) filed under the category ``slug``, or None."""
    pages = list(Publication.objects.public().filter(categories__slug=slug).order_by("title", "pk").distinct())
    if not pages:
        return None
    newest = max(pages, key=lambda p: (p.last_reviewed, p.pk))
    name = newest.categories.filter(slug=slug).values_list("name", flat=True).first() or slug
    return name, pages


def condition_names() -> dict[str, str]:
    """{condition slug: name} of every condition a public article lists, named as the
    most recently reviewed of them shows it."""
    names: dict[str, str] = {}
    rows = (
        ConditionListing.objects.public()
        .order_by("publication__last_reviewed", "publication_id")
        .values_list("condition_slug", "name")
    )
    for slug, name in rows:
        names[slug] = name
    return names


def condition_listings(slug: str) -> list[ConditionListing]:
    return list(
        ConditionListing.objects.public()
        .filter(condition_slug=slug)
        .select_related("publication")
        .order_by("publication__title", "publication_id", "position")
    )


def symptoms() -> list[Publication]:
    """Public articles that list causes: the symptoms the navigator offers."""
    return list(
        Publication.objects.public()
        .filter(listings__isnull=False)
        .distinct()
        .order_by("title")
        .only("pk", "slug", "title", "question")
    )


def rank_causes(chosen: list[Publication]) -> list[dict[str, Any]]:
    """Conditions the chosen symptoms' articles list as causes, most shared first; among
    equals, those any public article lists as an emergency first."""
    emergency = set(
        ConditionListing.objects.public().filter(urgency="emergency").values_list("condition_slug", flat=True)
    )
    causes: dict[str, dict[str, Any]] = {}
    listings = (
        ConditionListing.objects.filter(publication__in=chosen)
        .select_related("publication")
        .order_by("publication__title", "position")
    )
    for listing in listings:
        cause = causes.setdefault(
            listing.condition_slug,
            {"slug": listing.condition_slug, "name": listing.name, "gloss": listing.gloss, "symptoms": []},
        )
        if listing.publication not in cause["symptoms"]:
            cause["symptoms"].append(listing.publication)
    for cause in causes.values():
        cause["emergency"] = cause["slug"] in emergency
    return sorted(causes.values(), key=lambda c: (-len(c["symptoms"]), not c["emergency"], c["name"].lower()))


def reviewed_by(profile_slug: str) -> list[Publication]:
    """Public articles whose review history names this reviewer."""
    return list(
        Publication.objects.public()
        .filter(
            article__revisions__signoffs__profile__slug=profile_slug,
            article__revisions__signoffs__decision__in=["approved", "confirmed"],
        )
        .distinct()
        .order_by("title")
    )
