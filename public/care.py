"""Warning signs as readers meet them across articles: the navigator's, merged over the
chosen symptoms, and a condition page's, the signs of that condition. Read from the live
articles' sealed care statements only (each row checked against its seal)."""

from typing import Any

from articles.models import CareTier
from reviews.readmodel.models import CareStatement, Publication, sealed
from reviews.readmodel.models.listings import intact, sealed_fields


def care_for(chosen: list[Publication]) -> dict[str, list[tuple[str, list[str]]]]:
    """The emergency and urgent "when to get help" statements of the chosen symptoms'
    articles, in the symptoms' order: each warning sign once (the same shared sign, or
    the same wording in an article signed off before signs were shared), with the
    symptoms it is given for, in the most urgent tier any of them gives it."""
    order = {publication.pk: index for index, publication in enumerate(chosen)}
    titles = {publication.pk: publication.title for publication in chosen}
    statements = CareStatement.objects.filter(publication__in=chosen, tier__in=["emergency", "urgent"]).values(
        *sealed_fields("carestatement", with_hash=False)
    )
    hashes = {publication.pk: publication.content_hash for publication in chosen}
    tiers: dict[Any, str] = {}  # each sign's most urgent tier, in first-given order
    wording: dict[Any, str] = {}
    given_for: dict[Any, list[str]] = {}
    for row in sorted(
        intact("carestatement", statements, hashes=hashes),
        key=lambda row: (order[row["publication_id"]], row["position"]),
    ):
        sign = row["record_id"] or row["text"]
        wording.setdefault(sign, row["text"])
        if tiers.setdefault(sign, row["tier"]) != "emergency":
            tiers[sign] = row["tier"]  # emergency, or urgent again
        symptoms = given_for.setdefault(sign, [])
        if titles[row["publication_id"]] not in symptoms:
            symptoms.append(titles[row["publication_id"]])
    care: dict[str, list[tuple[str, list[str]]]] = {"emergency": [], "urgent": []}
    for sign, tier in tiers.items():
        care[tier].append((wording[sign], given_for[sign]))
    return care


def condition_signs(slug: str) -> dict[str, list[tuple[str, list[Publication]]]]:
    """{tier: [(wording, [the public articles that give it])]} of the warning signs of
    condition ``slug``, as the live articles that give them word them (each sign once,
    in the most recently reviewed wording), most urgent tier first."""
    rows = CareStatement.objects.public().filter(condition_slug=slug).values(*sealed_fields("carestatement"))
    kept = intact("carestatement", rows)
    listed = Publication.objects.listed().filter(pk__in={row["publication_id"] for row in kept})
    pages = {page.pk: page for page in sealed(listed)}
    newest_first = sorted(
        (row for row in kept if row["publication_id"] in pages),
        key=lambda row: (-pages[row["publication_id"]].last_reviewed.toordinal(), pages[row["publication_id"]].title),
    )
    found: dict[Any, tuple[str, str, list[Publication]]] = {}
    for row in newest_first:
        tier, text, given = found.setdefault(row["record_id"] or row["text"], (row["tier"], row["text"], []))
        given.append(pages[row["publication_id"]])
    signs: dict[str, list[tuple[str, list[Publication]]]] = {tier: [] for tier in CareTier.values}
    for tier, text, given in found.values():
        signs[tier].append((text, sorted(given, key=lambda page: page.title)))
    return {tier: listed for tier, listed in signs.items() if listed}
