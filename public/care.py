"""Warning signs as readers meet them across articles: the navigator's, merged over the
chosen symptoms, and a condition page's, the signs of that condition. Read from the live
articles' sealed care statements only (each row checked against its seal)."""

from typing import Any

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from articles.models import CareTier
from reviews.readmodel.models import CareStatement, Publication, sealed
from reviews.readmodel.models.listings import intact, sealed_fields


def care_for(chosen: list[Publication]) -> dict[str, list[tuple[str, list[str]]]]:
    """The emergency and urgent "when to get help" statements of the chosen symptoms'
    articles, in the symptoms' order: each warning sign once (one shared sign, however
    each article's live revision words it; statements signed off before signs were
    shared, by wording), with the symptoms it is given for, in the most urgent tier any
    of them gives it."""
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
        sign = row["sign"] or row["text"]
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


SOURCES_SHOWN = 3  # articles named for each of a condition's warning signs


def condition_signs(slug: str) -> dict[str, list[tuple[str, list[Publication], int]]]:
    """{tier: [(wording, [up to SOURCES_SHOWN public articles that give it], how many
    more give it)]} of the warning signs of condition ``slug``, each once, as the most
    recently reviewed article giving it words it, most urgent tier first.

    Two queries whatever the number of articles: the newest few rows of each sign with
    how many rows give it (windows over the condition's rows, from its index), then
    their articles; only the rows shown are read and checked against their seals."""
    # Only rows written from a shared sign name a condition, so each has a sign's id.
    public = CareStatement.objects.public().filter(condition_slug=slug)
    order = [F("publication__last_reviewed").desc(), F("publication__title").asc(), F("publication_id").asc()]
    newest = public.annotate(
        rank=Window(RowNumber(), partition_by=F("sign"), order_by=order),
        given=Window(Count("id"), partition_by=F("sign")),
    )
    shown = newest.filter(rank__lte=SOURCES_SHOWN).values(*sealed_fields("carestatement"), "given")
    rows = intact("carestatement", shown)
    listed = Publication.objects.listed().filter(pk__in={row["publication_id"] for row in rows})
    pages = {page.pk: page for page in sealed(listed)}
    found: dict[Any, tuple[str, str, int, list[Publication]]] = {}
    for row in rows:
        if row["publication_id"] in pages:
            *_, sources = found.setdefault(row["sign"], (row["tier"], row["text"], row["given"], []))
            sources.append(pages[row["publication_id"]])
    signs: dict[str, list[tuple[str, list[Publication], int]]] = {tier: [] for tier in CareTier.values}
    for tier, text, given, sources in sorted(found.values(), key=lambda sign: sign[1]):
        signs[tier].append((text, sorted(sources, key=lambda page: page.title), given - len(sources)))
    return {tier: given_in_tier for tier, given_in_tier in signs.items() if given_in_tier}
