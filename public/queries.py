"""Reader-facing questions asked of the read model (reviews' Publication and listing
tables): public content only, never the working copy.

Listings are paged in the database (``window``: the slice of one page), fetch only the
columns they show, and read the per-condition and per-category summaries
(reviews/readmodel/listings.py) instead of every article's listings, so each page costs the same
few queries at a dozen articles or at 10,000."""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any, TypeVar

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext

from articles.models import LIKELIHOOD_ORDER
from reviews.provenance.models import Decision, SignOff
from reviews.readmodel.listings import LETTERS, OTHER, first_letter
from reviews.readmodel.models import (
    CategoryListing,
    CategorySummary,
    ConditionListing,
    ConditionSummary,
    Publication,
    sealed,
)
from reviews.readmodel.models.listings import SUMMARY_FIELDS, as_named, intact, naming_rows, sealed_fields

from . import care
from .paths import slug_path

logger = logging.getLogger(__name__)

URGENCY_ORDER = {"emergency": 0, "soon": 1, "normal": 2}

T = TypeVar("T")

A_TO_Z_PAGE_SIZE = 250  # entries on one A–Z letter page
A_TO_Z_ON_ONE_PAGE = 250  # up to this many entries, the A–Z page lists them all, by letter
LIST_PAGE_SIZE = 100  # articles on one page of a category, condition or reviewer
PAGER_SPREAD = 2  # page links either side of the current one
EMERGENCY_SHOWN = 10  # articles named, and whose advice is quoted, in a condition's emergency box
OTHER_SLUG = "other"  # the address of the "#" letter: names starting with anything but A–Z


def a_to_z(items: Iterable[T], name: Callable[[T], str]) -> dict[str, Any]:
    """Context for an A–Z page: items grouped by the first letter of ``name(item)``, and
    which letters of the navigation have entries. Sorted here, not by the database,
    whose collation may not agree with the grouping."""
    ordered = sorted(items, key=lambda i: (first_letter(name(i)), name(i).lower()))
    by_letter = [(letter, list(group)) for letter, group in groupby(ordered, key=lambda i: first_letter(name(i)))]
    present = {letter for letter, _ in by_letter}
    return {"by_letter": by_letter, "letters": [(letter, letter in present) for letter in LETTERS]}


# Paging: page 1 at the listing's own address, page n at ``<address>page/<n>/`` (paths a
# static export can write as files).


def page_count(total: int, size: int) -> int:
    """Pages a listing of ``total`` entries takes (an empty listing still has its first)."""
    return max(1, -(-total // size))


def window(number: int, size: int) -> slice:
    """The entries of page ``number``, as a slice the database applies."""
    return slice((number - 1) * size, number * size)


def page_path(base: str, number: int) -> str:
    """The address of page ``number`` of the listing at ``base``."""
    return base if number == 1 else f"{base}page/{number}/"


@dataclass(frozen=True)
class Pager:
    """Where a page is among its listing's pages, and the links between them."""

    base: str
    number: int
    count: int

    @property
    def previous(self) -> str | None:
        return page_path(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return page_path(self.base, self.number + 1) if self.number < self.count else None

    def links(self) -> list[tuple[int, str] | None]:
        """The first, the last and the pages near this one, None where pages are left out
        (bounded, whatever the number of pages)."""
        shown = {1, self.count, *range(self.number - PAGER_SPREAD, self.number + PAGER_SPREAD + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        links: list[tuple[int, str] | None] = []
        for n in numbers:
            if links and links[-1] is not None and links[-1][0] != n - 1:
                links.append(None)
            links.append((n, page_path(self.base, n)))
        return links


def pager(base: str, number: int, total: int, size: int) -> Pager | None:
    """The pager of page ``number`` of ``total`` entries, or None if there is no such page
    (the first page always exists; an empty listing is the caller's 404)."""
    count = page_count(total, size)
    if not 1 <= number <= count:
        return None
    return Pager(base=base, number=number, count=count)


# A–Z by letter.


def letter_slug(letter: str) -> str:
    """The address part of a letter: ``b``, or ``other`` for "#"."""
    return OTHER_SLUG if letter == OTHER else letter.lower()


def slug_letter(slug: str) -> str:
    return OTHER if slug == OTHER_SLUG else slug.upper()


def letter_nav(counts: dict[str, Any], route: str, *, current: str | None = None, anchors: bool = False) -> list:
    """The A–Z navigation: every letter (and "#" when names start otherwise), linked when
    it has entries, to its section of this page (``anchors``) or to its letter page."""
    shown = [*LETTERS, OTHER] if OTHER in counts else list(LETTERS)
    nav = []
    for letter in shown:
        href = None
        if letter in counts:
            href = f"#letter-{letter_anchor(letter)}" if anchors else slug_path(route, letter_slug(letter))
        nav.append({"label": letter, "href": href, "current": letter == current})
    return nav


def letter_anchor(letter: str) -> str:
    """The id of a letter's section on a one-page A–Z: ``letter-B``, ``letter-other``."""
    return OTHER_SLUG if letter == OTHER else letter


def letter_name(letter: str) -> str:
    """How pages name a letter: itself, or "other characters" for "#"."""
    return gettext("other characters") if letter == OTHER else letter


def symptom_letters() -> dict[str, tuple[int, datetime.date]]:
    """{letter: (public articles, newest review)} of the letters titles start with."""
    rows = (
        Publication.objects.public()
        .order_by("letter")
        .values("letter")
        .annotate(n=Count("pk"), newest=Max("last_reviewed"))
        .values_list("letter", "n", "newest")
    )
    return {letter: (n, newest) for letter, n, newest in rows}


def symptoms_listed(letter: str | None = None, part: slice | None = None) -> list[Publication]:
    """Public articles by letter and title (those of ``letter`` only, if given): the
    columns A–Z shows."""
    rows = Publication.objects.listed()
    if letter is not None:
        rows = rows.filter(letter=letter)
    rows = rows.order_by("letter", Lower("title"), "pk")
    return sealed(rows[part] if part is not None else rows)


def condition_letters() -> dict[str, tuple[int, datetime.date]]:
    """{letter: (public conditions, newest review)} of the letters condition names start with."""
    rows = (
        ConditionSummary.objects.order_by("letter")
        .values("letter")
        .annotate(n=Count("pk"), newest=Max("last_reviewed"))
        .values_list("letter", "n", "newest")
    )
    return {letter: (n, newest) for letter, n, newest in rows}


def conditions_listed(letter: str | None = None, part: slice | None = None) -> list[tuple[str, str]]:
    """[(slug, name)] of public conditions by letter and name (of ``letter`` only, if given)."""
    rows = ConditionSummary.objects.all()
    if letter is not None:
        rows = rows.filter(letter=letter)
    rows = rows.order_by("letter", Lower("name"), "slug").only("slug", "name")
    shown = list(rows[part] if part is not None else rows)
    naming = naming_rows(summary.slug for summary in shown)  # each name as its sealed listing gives it
    return [(summary.slug, summary.name) for summary in shown if as_named(summary.slug, summary, naming, ["name"])]


def categories() -> list[tuple[str, str, int]]:
    """[(slug, name, article count)] of categories with public articles."""
    return CategorySummary.objects.by_name()


def category(slug: str) -> CategorySummary | None:
    """The category ``slug`` as its public articles name it, with their number, or None."""
    return CategorySummary.objects.filter(slug=slug).only("slug", "name", "article_count").first()


def category_articles(slug: str) -> "QuerySet[Publication]":
    """The public articles filed under the category ``slug``, by title."""
    filed = CategoryListing.objects.filter(publication=OuterRef("pk"), slug=slug)
    return Publication.objects.public().filter(Exists(filed)).order_by("title", "pk")


def category_pages(slug: str, part: slice) -> list[Publication]:
    """One page of the public articles filed under the category ``slug``."""
    return sealed(category_articles(slug).only(*Publication.LISTED_FIELDS)[part])


def condition_names() -> dict[str, str]:
    """{condition slug: name} of every condition a public article lists, named as the
    most recently reviewed of them shows it."""
    return dict(ConditionSummary.objects.values_list("slug", "name"))


def symptoms(
    *, slugs: Iterable[str] | None = None, containing: str = "", limit: int | None = None
) -> list[Publication]:
    """Public articles that list causes: the symptoms the navigator offers, by title, with
    only the columns a checkbox shows. Given ``slugs``, those symptoms in that order (the
    ones a reader chose); given ``containing``, those whose titles contain each of its
    words, the titles that start with it first; at most ``limit``. Each question walks an
    index in title order and stops at ``limit`` (reviews.0015 indexes upper-cased titles
    for both questions on PostgreSQL), so a name found in thousands of titles costs the
    same as a rare one."""
    found = (
        Publication.objects.public()
        .filter(Exists(ConditionListing.objects.filter(publication=OuterRef("pk"))))
        .only(*Publication.LISTED_FIELDS)
    )
    if slugs is not None:
        wanted = list(slugs)
        by_slug = {page.slug: page for page in sealed(found.filter(slug__in=wanted))}
        return [by_slug[slug] for slug in wanted if slug in by_slug]
    if not containing:
        found = found.order_by("title", "pk")
        return sealed(found[:limit] if limit is not None else found)
    for word in containing.split():
        found = found.filter(title__icontains=word)
    starting = found.filter(title__istartswith=containing).order_by("title", "pk")
    first = sealed(starting[:limit] if limit is not None else starting)
    rest = found.exclude(title__istartswith=containing).order_by("title", "pk")
    return first + sealed(rest[: limit - len(first)] if limit is not None else rest)


def rank_causes(chosen: list[Publication]) -> list[dict[str, Any]]:
    """Conditions the chosen symptoms' articles list as causes: those that explain more of
    the symptoms first, then common before rare. Each carries, per symptom, the urgency
    and likelihood that symptom's article gives it (an emergency for one symptom is not
    one for another). Reads only the chosen articles' listings, and of them only the
    columns shown; the chosen pages are the ones given."""
    causes: dict[str, dict[str, Any]] = {}
    pages = {page.pk: page for page in chosen}
    listings = intact(
        "conditionlisting",
        ConditionListing.objects.filter(publication__in=list(pages))
        .order_by()
        .values(*sealed_fields("conditionlisting", with_hash=False)),
        hashes={pk: page.content_hash for pk, page in pages.items()},
    )
    for row in sorted(
        listings, key=lambda row: (pages[row["publication_id"]].title, row["publication_id"], row["position"])
    ):
        page_id, slug, name, gloss = row["publication_id"], row["condition_slug"], row["name"], row["gloss"]
        urgency, likelihood = row["urgency"], row["likelihood"]
        cause = causes.setdefault(slug, {"slug": slug, "name": name, "gloss": gloss, "symptoms": {}})
        shown = cause["symptoms"].setdefault(page_id, {"page": pages[page_id], "urgency": "normal", "likelihood": ""})
        if URGENCY_ORDER[urgency] < URGENCY_ORDER[shown["urgency"]]:
            shown["urgency"] = urgency
        if likelihood and (
            not shown["likelihood"] or LIKELIHOOD_ORDER[likelihood] < LIKELIHOOD_ORDER[shown["likelihood"]]
        ):
            shown["likelihood"] = likelihood
    ranked = []
    for cause in causes.values():
        symptoms = list(cause["symptoms"].values())
        cause["symptoms"] = symptoms
        rated = [s["likelihood"] for s in symptoms if s["likelihood"]]
        cause["likelihood"] = min(rated, key=LIKELIHOOD_ORDER.__getitem__) if rated else ""
        cause["emergency_for"] = [s["page"] for s in symptoms if s["urgency"] == "emergency"]
        ranked.append(cause)
    return sorted(ranked, key=lambda c: (-len(c["symptoms"]), LIKELIHOOD_ORDER[c["likelihood"]], c["name"].lower()))


def condition(slug: str) -> ConditionSummary | None:
    """The condition ``slug`` as the most recently reviewed public article listing it
    gives it, with how many list it, or None. What it shows of the condition is checked
    against that article's sealed listing: a summary row changed in SQL shows the
    listing's words (with an alert), and one whose listing fails its seal is not shown."""
    found = ConditionSummary.objects.filter(slug=slug).first()
    if found is None or not as_named(slug, found, naming_rows([slug]), SUMMARY_FIELDS):
        return None
    return found


def condition_articles(slug: str, **listed: Any) -> "QuerySet[Publication]":
    """Public articles that list the condition ``slug`` (as ``listed`` says), by title."""
    listings = ConditionListing.objects.filter(publication=OuterRef("pk"), condition_slug=slug, **listed)
    return Publication.objects.public().filter(Exists(listings)).order_by("title", "pk")


def condition_page(found: ConditionSummary, part: slice) -> dict[str, Any]:
    """What one page of a condition's page shows: the articles of ``part`` that list it,
    each with the groups and likelihoods it lists it under; the warning signs of this
    condition that live articles give, and the first articles that list it as an
    emergency (both on every page: they are safety advice); its own article. Only the
    signs of this condition: every article's signs together are not its signs."""
    pages = sealed(condition_articles(found.slug).only(*Publication.LISTED_FIELDS)[part])
    listed: dict[int, list[dict[str, Any]]] = {page.pk: [] for page in pages}
    rows = (
        ConditionListing.objects.filter(condition_slug=found.slug, publication__in=list(listed))
        .order_by("publication_id", "position")
        .values(*sealed_fields("conditionlisting", with_hash=False))
    )
    for listing in intact("conditionlisting", rows, hashes={page.pk: page.content_hash for page in pages}):
        listed[listing["publication_id"]].append(listing)
    emergency = sealed(
        condition_articles(found.slug, urgency="emergency").only(*Publication.LISTED_FIELDS)[: EMERGENCY_SHOWN + 1]
    )
    emergency_pages = emergency[:EMERGENCY_SHOWN]
    own = found.own_article
    return {
        "name": found.name,
        "gloss": found.gloss,
        "also_called": found.also_called,
        "codes": {k: v for k, v in found.codes.items() if v},
        "articles": [{"page": page, "listed": listed[page.pk]} for page in pages],
        "emergency_pages": emergency_pages,
        "emergency_more": len(emergency) > EMERGENCY_SHOWN,
        "signs": care.condition_signs(found.slug),
        "own_article": next(iter(sealed(Publication.objects.listed().filter(slug=own)[:1])), None) if own else None,
    }


def reviewer_articles(profile_slug: str) -> "QuerySet[Publication]":
    """The public articles whose review history names this reviewer, by title."""
    signed = SignOff.objects.filter(
        revision__article_id=OuterRef("article_id"),
        profile__slug=profile_slug,
        decision__in=[Decision.APPROVED, Decision.CONFIRMED],
    )
    return Publication.objects.public().filter(Exists(signed)).order_by("title", "pk")


def reviewed_count(profile_slug: str) -> int:
    """How many public articles carry a sign-off of this reviewer."""
    return reviewer_articles(profile_slug).count()


def reviewed_by(profile_slug: str, part: slice) -> list[Publication]:
    """One page of the public articles whose review history names this reviewer, by title."""
    return sealed(reviewer_articles(profile_slug).only(*Publication.LISTED_FIELDS)[part])
