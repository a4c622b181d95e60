"""Which pages the export holds: every public page's address (withdrawn articles' too:
they answer 410), and the pages that show one article, so that a sign-off or
withdrawal rewrites exactly those."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse

from articles.document import linked_article_slugs
from reviews.provenance.models import Revision
from reviews.readmodel.models import CareStatement, CategorySummary, ConditionListing, ConditionSummary, Publication

from .. import queries, sitemaps
from ..paths import slug_path

SITE_PAGES = ("public:home", "public:index", "public:conditions", "public:feed")
UNCHANGING = ("public:robots", "public:offline")  # no sign-off changes them: the daily export writes them


def _pages(base: str, first: int, last: int) -> set[str]:
    return {queries.page_path(base, n) for n in range(first, last + 1)}


def site_paths() -> set[str]:
    """Every public page's address (withdrawn articles' included: they answer 410), every
    page of every paged listing, every sitemap page, and the page nginx sends while no app
    server answers."""
    paths = {reverse(name) for name in SITE_PAGES + UNCHANGING} | {reverse("sitemap")}
    paths |= set(sitemaps.section_paths())
    paths |= letter_paths(queries.symptom_letters(), "public:index_letter")
    paths |= letter_paths(queries.condition_letters(), "public:conditions_letter")
    for slug, withdrawn in Publication.objects.values_list("slug", "withdrawn_at"):
        paths |= _article_paths(slug, live=withdrawn is None)
    size = queries.LIST_PAGE_SIZE
    for slug, count in CategorySummary.objects.values_list("slug", "article_count"):
        paths |= _pages(slug_path("public:category", slug), 1, queries.page_count(count, size))
    for slug, count in ConditionSummary.objects.values_list("slug", "article_count"):
        paths |= _pages(slug_path("public:condition", slug), 1, queries.page_count(count, size))
    reviewers: set[str] = set()
    for history, reviewer in Publication.objects.public().values_list("history", "reviewer_slug"):
        reviewers |= _reviewer_slugs(history, reviewer)
    for slug in reviewers:
        pages = queries.page_count(queries.reviewed_count(slug), size)
        paths |= _pages(slug_path("public:reviewer", slug), 1, pages)
    return paths


def letter_paths(letters: dict[str, tuple[int, Any]], route: str) -> set[str]:
    """Every page of every letter of an A–Z."""
    paths: set[str] = set()
    for letter, (count, _) in letters.items():
        base = slug_path(route, queries.letter_slug(letter))
        paths |= _pages(base, 1, queries.page_count(count, queries.A_TO_Z_PAGE_SIZE))
    return paths


def _article_paths(slug: str, *, live: bool) -> set[str]:
    paths = {reverse("public:detail", args=[slug])}
    if live:
        paths |= {reverse("public:cite_ris", args=[slug]), reverse("public:cite_bib", args=[slug])}
    return paths


def _reviewer_slugs(history: list[dict[str, Any]], reviewer: str) -> set[str]:
    return {slug for slug in {entry["slug"] for entry in history} | {reviewer} if slug}


@dataclass(frozen=True)
class Place:
    """Where an article stands in one paged listing (a letter of an A–Z, a condition's,
    category's or reviewer's articles). Entering, leaving or moving in it changes the
    page that holds it and the ones after (entries shift); a change in what every page
    shows (the heading, the number of pages, the emergency advice) changes them all."""

    kind: str  # a key of LISTINGS
    key: str  # the letter or slug
    first: int  # the page holding the article, or 1 when every page shows something of it
    pages: int
    shared: tuple[Any, ...]


LISTINGS: dict[
    str, tuple[str, Callable[[str], str], str]
] = {  # kind: (route of its first page, its address part from the key, entries a page)
    "index_letter": ("public:index_letter", queries.letter_slug, "A_TO_Z_PAGE_SIZE"),
    "conditions_letter": ("public:conditions_letter", queries.letter_slug, "A_TO_Z_PAGE_SIZE"),
    "category": ("public:category", str, "LIST_PAGE_SIZE"),
    "condition": ("public:condition", str, "LIST_PAGE_SIZE"),
    "reviewer": ("public:reviewer", str, "LIST_PAGE_SIZE"),
}


def _base(kind: str, key: str) -> str:
    route, part, _ = LISTINGS[kind]
    return slug_path(route, part(key))


def _size(kind: str) -> int:
    return getattr(queries, LISTINGS[kind][2])


def _state(kind: str, key: str) -> tuple[int, tuple[Any, ...]]:
    """(pages, what every page shows besides its entries) of a listing as it is now."""
    shared: tuple[Any, ...] = ()
    if kind == "index_letter":
        total = Publication.objects.public().filter(letter=key).count()
    elif kind == "conditions_letter":
        total = ConditionSummary.objects.filter(letter=key).count()
    elif kind == "category":
        category = queries.category(key)
        total, shared = (category.article_count, (category.name,)) if category else (0, ())
    elif kind == "condition":
        found = queries.condition(key)
        total = found.article_count if found else 0
        emergency = queries.condition_articles(key, urgency="emergency").values_list("pk", flat=True)
        if found is not None:
            shared = (found.name, found.gloss, found.also_called, found.codes, found.own_article)
            shared += tuple(emergency[: queries.EMERGENCY_SHOWN + 1])
    else:
        total = queries.reviewed_count(key)
    return queries.page_count(total, _size(kind)), shared


@dataclass(frozen=True)
class Showing:
    """The pages that show one article as readers get it now, and whether it is live."""

    paths: frozenset[str]
    live: bool
    slug: str | None
    places: dict[str, Place] = field(default_factory=dict)  # by the listing's first page
    letters: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # letters of both A–Zs with entries

    def to_json(self) -> dict[str, Any]:
        """This state as a background job's arguments carry it (public/edge.py)."""
        places = {base: [p.kind, p.key, p.first, p.pages, list(p.shared)] for base, p in self.places.items()}
        return {
            "paths": sorted(self.paths),
            "live": self.live,
            "slug": self.slug,
            "places": places,
            "letters": self.letters,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Showing":
        """The inverse of ``to_json``: what a listing shares compares equal to ``_state``'s."""
        places = {
            base: Place(kind, key, first, pages, tuple(shared))
            for base, (kind, key, first, pages, shared) in data["places"].items()
        }
        symptoms, conditions = data["letters"]
        return cls(
            frozenset(data["paths"]),
            live=data["live"],
            slug=data["slug"],
            places=places,
            letters=(tuple(symptoms), tuple(conditions)),
        )

    def listing_paths(self, other: "Showing") -> set[str]:
        """The pages of the listings that hold the article in this state or ``other``
        that can differ between the two (see Place)."""
        paths: set[str] = set()
        for base in self.places.keys() | other.places.keys():
            mine, theirs = self.places.get(base), other.places.get(base)
            if mine is not None and theirs is None:  # it left the listing: compare with the listing now
                pages, shared = _state(mine.kind, mine.key)
                theirs = Place(mine.kind, mine.key, first=pages + 1, pages=pages, shared=shared)
            if mine is not None and theirs is not None and (mine.pages, mine.shared) == (theirs.pages, theirs.shared):
                paths |= _pages(base, min(mine.first, theirs.first), mine.pages)
            else:  # it joined the listing (what it showed before is gone), or every page changed
                paths |= _pages(base, 1, max(p.pages for p in (mine, theirs) if p is not None))
        return paths


def showing(article_id: int) -> Showing:
    """The pages that show, list or link the article: its own (and citation files), the
    site pages (home, both A–Z, feed, the sitemap), the listings that hold it (its
    letter's A–Z pages, its categories', its conditions' and its conditions' letters',
    its reviewers'), and the pages of conditions that name it as their own article or
    whose warning signs it gives.
    Articles linking to it change only when it goes live or is withdrawn (see
    ``linking``)."""
    publication = Publication.objects.filter(article_id=article_id).first()
    paths = {reverse(name) for name in SITE_PAGES} | {reverse("sitemap")} | set(sitemaps.section_paths())
    letters = (tuple(queries.symptom_letters()), tuple(queries.condition_letters()))
    if publication is None:
        return Showing(frozenset(paths), live=False, slug=None, letters=letters)
    live = not publication.withdrawn
    paths |= _article_paths(publication.slug, live=live)
    places: dict[str, Place] = {}
    if live:
        places = _places(publication)
        # A condition's page shows its own article's question, and the warning signs of it
        # that live articles give (as the most recently reviewed words them), on every page.
        owning = ConditionListing.objects.public().filter(own_article=publication.slug)
        signs = CareStatement.objects.filter(publication=publication).exclude(condition_slug="")
        named = {*owning.values_list("condition_slug", flat=True), *signs.values_list("condition_slug", flat=True)}
        for slug in named:
            base = slug_path("public:condition", slug)
            if base in places:
                places[base] = replace(places[base], first=1)
            else:
                paths |= _pages(base, 1, _condition_pages(slug))
    return Showing(frozenset(paths), live=live, slug=publication.slug, places=places, letters=letters)


def _condition_pages(slug: str) -> int:
    count = ConditionSummary.objects.filter(slug=slug).values_list("article_count", flat=True).first() or 0
    return queries.page_count(count, queries.LIST_PAGE_SIZE)


def _position(rows: QuerySet, order: tuple[str, ...], values: tuple[Any, ...]) -> int:
    """How many of ``rows`` come before the row with ``values`` in the ``order`` the
    listing shows them (the same database comparisons as its ORDER BY)."""
    before = Q()
    for n, name in enumerate(order):
        before |= Q(**{f"{earlier}": value for earlier, value in zip(order[:n], values[:n], strict=True)}) & Q(
            **{f"{name}__lt": values[n]}
        )
    return rows.filter(before).count()


def _place(
    kind: str,
    key: str,
    rows: QuerySet,
    order: tuple[str, ...],
    values: Callable[[], tuple[Any, ...]],
    states: dict[tuple[str, str], tuple[int, tuple[Any, ...]]],
) -> Place:
    """The place of the row with ``values()`` among ``rows``, the entries of a listing
    (a listing of one page needs no counting). ``states`` keeps each listing's state for
    the other rows of the same listing."""
    if (kind, key) not in states:
        states[kind, key] = _state(kind, key)
    pages, shared = states[kind, key]
    first = 1 if pages == 1 else _position(rows, order, values()) // _size(kind) + 1
    return Place(kind, key, first=first, pages=pages, shared=shared)


def _places(publication: Publication) -> dict[str, Place]:
    """The places of a live article in every listing that holds it."""
    places: dict[str, Place] = {}
    states: dict[tuple[str, str], tuple[int, tuple[Any, ...]]] = {}
    title = (publication.title, publication.pk)

    def lowered(rows: QuerySet, pk: int, *rest: Any) -> Callable[[], tuple[Any, ...]]:
        # Its name lower-cased as the database lowers it, the A–Z pages' order.
        return lambda: (rows.filter(pk=pk).values_list("sort", flat=True).get(), *rest)

    rows: QuerySet[Any] = Publication.objects.public().filter(letter=publication.letter).annotate(sort=Lower("title"))
    if not publication.withdrawn:
        sort_key = lowered(rows, publication.pk, publication.pk)
        place = _place("index_letter", publication.letter, rows, ("sort", "pk"), sort_key, states)
        places[_base("index_letter", publication.letter)] = place
    for slug in publication.categories.values_list("slug", flat=True):
        rows = queries.category_articles(slug)
        places[_base("category", slug)] = _place("category", slug, rows, ("title", "pk"), lambda: title, states)
    conditions = ConditionSummary.objects.filter(slug__in=publication.listings.values("condition_slug"))
    for found in conditions.only("pk", "slug", "letter", "name"):
        rows = queries.condition_articles(found.slug)
        place = _place("condition", found.slug, rows, ("title", "pk"), lambda: title, states)
        if publication.pk in place.shared[5:]:  # its title and advice are in the emergency box on every page
            place = replace(place, first=1)
        places[_base("condition", found.slug)] = place
        # The condition's letter of Conditions A–Z.
        rows = ConditionSummary.objects.filter(letter=found.letter).annotate(sort=Lower("name"))
        sort_key = lowered(rows, found.pk, found.slug)
        place = _place("conditions_letter", found.letter, rows, ("sort", "slug"), sort_key, states)
        base = _base("conditions_letter", found.letter)
        if base in places:  # several of its conditions on one letter: from the first of them
            place = min(places[base], place, key=lambda p: p.first)
        places[base] = place
    for slug in _reviewer_slugs(publication.history, publication.reviewer_slug):
        rows = queries.reviewer_articles(slug)
        places[_base("reviewer", slug)] = _place("reviewer", slug, rows, ("title", "pk"), lambda: title, states)
    return places


def linking(slug: str) -> set[str]:
    """Addresses of the live articles whose page links to the article ``slug`` (shown
    as a link only while it is live)."""
    live = Publication.objects.public().exclude(slug=slug)
    snapshots = Revision.objects.filter(pk__in=live.values("revision_id")).values_list("snapshot", flat=True)
    return {
        reverse("public:detail", args=[snapshot["slug"]])
        for snapshot in snapshots.iterator(chunk_size=200)
        if slug in linked_article_slugs(snapshot)
    }
