"""Reader-facing questions asked of the read model (reviews' Publication and listing
tables): public content only, never the working copy."""

from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Any, TypeVar

from articles.models import LIKELIHOOD_ORDER
from reviews.models import CareStatement, ConditionListing, Publication, PublishedCategory

URGENCY_ORDER = {"emergency": 0, "soon": 1, "normal": 2}

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
    """[(slug, name, article count)] of categories with public articles."""
    return PublishedCategory.objects.live_counts()


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


def care_for(chosen: list[Publication]) -> dict[str, list[str]]:
    """The emergency and urgent "when to get help" statements of the chosen symptoms'
    articles, in the symptoms' order, each statement once."""
    care: dict[str, list[str]] = {"emergency": [], "urgent": []}
    order = {publication.pk: index for index, publication in enumerate(chosen)}
    statements = CareStatement.objects.filter(publication__in=chosen, tier__in=care).values_list(
        "publication_id", "tier", "text", "position"
    )
    for _, tier, text, _ in sorted(statements, key=lambda row: (order[row[0]], row[3])):
        if text not in care[tier]:
            care[tier].append(text)
    return care


def rank_causes(chosen: list[Publication]) -> list[dict[str, Any]]:
    """Conditions the chosen symptoms' articles list as causes: those that explain more of
    the symptoms first, then common before rare. Each carries, per symptom, the urgency
    and likelihood that symptom's article gives it (an emergency for one symptom is not
    one for another)."""
    causes: dict[str, dict[str, Any]] = {}
    listings = (
        ConditionListing.objects.filter(publication__in=chosen)
        .select_related("publication")
        .order_by("publication__title", "position")
    )
    for listing in listings:
        cause = causes.setdefault(
            listing.condition_slug,
            {"slug": listing.condition_slug, "name": listing.name, "gloss": listing.gloss, "symptoms": {}},
        )
        shown = cause["symptoms"].setdefault(
            listing.publication.pk, {"page": listing.publication, "urgency": "normal", "likelihood": ""}
        )
        if URGENCY_ORDER[listing.urgency] < URGENCY_ORDER[shown["urgency"]]:
            shown["urgency"] = listing.urgency
        if listing.likelihood and (
            not shown["likelihood"] or LIKELIHOOD_ORDER[listing.likelihood] < LIKELIHOOD_ORDER[shown["likelihood"]]
        ):
            shown["likelihood"] = listing.likelihood
    ranked = []
    for cause in causes.values():
        symptoms = list(cause["symptoms"].values())
        cause["symptoms"] = symptoms
        rated = [s["likelihood"] for s in symptoms if s["likelihood"]]
        cause["likelihood"] = min(rated, key=LIKELIHOOD_ORDER.__getitem__) if rated else ""
        cause["emergency_for"] = [s["page"] for s in symptoms if s["urgency"] == "emergency"]
        ranked.append(cause)
    return sorted(ranked, key=lambda c: (-len(c["symptoms"]), LIKELIHOOD_ORDER[c["likelihood"]], c["name"].lower()))


def condition_page(slug: str) -> dict[str, Any] | None:
    """What a condition's page shows, from the public articles that list it: its name,
    other names, gloss and codes as the most recently reviewed of them gives them, each
    article with the group and likelihood it lists it under, and the emergency advice of
    the articles that list it as an emergency."""
    listings = condition_listings(slug)
    if not listings:
        return None
    latest = max(listings, key=lambda m: (m.publication.last_reviewed, m.publication_id))
    articles: dict[int, dict[str, Any]] = {}
    for listing in listings:
        row = articles.setdefault(listing.publication_id, {"page": listing.publication, "listed": []})
        row["listed"].append(listing)
    emergency_pages = [row["page"] for row in articles.values() if any(m.urgency == "emergency" for m in row["listed"])]
    own = latest.own_article
    return {
        "name": latest.name,
        "gloss": latest.gloss,
        "also_called": latest.also_called,
        "codes": {k: v for k, v in latest.codes.items() if v},
        "articles": list(articles.values()),
        "emergency_pages": emergency_pages,
        "emergency_care": care_for(emergency_pages)["emergency"] if emergency_pages else [],
        "own_article": Publication.objects.public().filter(slug=own).first() if own else None,
    }


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
