"""The public site as static files: every public page rendered through the real URL,
view and middleware stack, written where nginx, a CDN or an object store serves it as
it is (README, "Static export").

A page's file is named for its address: ``/symptoms/x/`` → ``symptoms/x/index.html``, the
feed → ``feeds/reviewed/index.atom``, ``/sitemap.xml`` as it is. A withdrawn article's 410
page is ``symptoms/x/410.html`` (the server answers 410 with it when that file exists).
Each file is written atomically (a temporary file, then a rename) beside a gzip and, with
the brotli package, a brotli copy, and only when its bytes changed.

With ``settings.STATIC_EXPORT_DIR`` set, a sign-off or withdrawal rewrites the pages it
changes once its transaction commits (``on_publication_changing``); an export that fails
is logged and never fails the sign-off.
"""

import gzip
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpResponseBase
from django.test import RequestFactory
from django.urls import reverse

from articles.document import linked_article_slugs
from reviews.provenance.models import Revision
from reviews.readmodel.models import CategorySummary, ConditionListing, ConditionSummary, Publication

from . import queries, sitemaps
from .paths import slug_path

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a requirement; gzip is enough without it
    brotli = None

logger = logging.getLogger(__name__)

GONE = "410.html"
MARKER = ".symptomsite-export"  # an export's files may be removed by the next; nobody else's
COMPRESSED = (".gz", ".br")
COMPRESS_MIN_BYTES = 256  # smaller files gain nothing
SITE_PAGES = ("public:home", "public:index", "public:conditions", "public:feed")


@dataclass
class Summary:
    pages: int = 0  # pages the export holds (410 pages included)
    static: int = 0  # static files (not counting their compressed copies)
    written: list[str] = field(default_factory=list)  # files whose bytes changed, relative
    removed: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)  # every file it holds now, relative
    bytes: int = 0  # of the pages and static files, uncompressed
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.pages} pages and {self.static} static files ({self.bytes:,} bytes), {len(self.written)} written, "
            f"{len(self.removed)} removed, in {self.seconds:.2f} s"
        )


def file_for(path: str) -> str:
    """The export's file (relative) for the page at ``path``."""
    relative = path.lstrip("/")
    if path == reverse("public:feed"):
        return relative + "index.atom"
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative


# What is public: the addresses of every page, and of the pages that show one article.


def _pages(base: str, first: int, last: int) -> set[str]:
    return {queries.page_path(base, n) for n in range(first, last + 1)}


def site_paths() -> set[str]:
    """Every public page's address (withdrawn articles' included: they answer 410), every
    page of every paged listing, and every sitemap page."""
    paths = {reverse(name) for name in SITE_PAGES} | {reverse("sitemap"), reverse("public:robots")}
    paths |= set(sitemaps.section_paths())
    paths |= _letter_paths(queries.symptom_letters(), "public:index_letter")
    paths |= _letter_paths(queries.condition_letters(), "public:conditions_letter")
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


def _letter_paths(letters: dict[str, tuple[int, Any]], route: str) -> set[str]:
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
    its reviewers'), and the pages of conditions that name it as their own article.
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
        # A condition's page shows its own article's question on every page.
        owning = ConditionListing.objects.public().filter(own_article=publication.slug)
        for slug in set(owning.values_list("condition_slug", flat=True)):
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

    rows = Publication.objects.public().filter(letter=publication.letter).annotate(sort=Lower("title"))
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


# Rendering and writing.


def handler() -> BaseHandler:
    """The request handler with the project's middleware (one per export)."""
    loaded = BaseHandler()
    loaded.load_middleware()
    return loaded


def render(path: str, *, using: BaseHandler | None = None) -> HttpResponseBase:
    """The live response to an anonymous GET of ``path`` at SITE_URL's host, uncompressed
    (no Accept-Encoding): the same bytes a reader gets from the server, through the same
    URL resolver, views and middleware (but without the request signals)."""
    site = urlsplit(settings.SITE_URL)
    request = RequestFactory().get(path, HTTP_HOST=site.netloc, secure=site.scheme == "https")
    # Not response.close(): it sends request_finished, which may close the database
    # connection the sign-off's caller is still using.
    return (using or handler()).get_response(request)


def _write(directory: Path, relative: str, content: bytes) -> bool:
    """Write ``content`` (and its compressed copies) unless the file already holds it."""
    target = directory / relative
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    if len(content) >= COMPRESS_MIN_BYTES:
        _atomic(target.with_name(target.name + ".gz"), gzip.compress(content, compresslevel=9, mtime=0))
        if brotli is not None:
            _atomic(target.with_name(target.name + ".br"), brotli.compress(content))
    else:
        _remove_copies(target)
    _atomic(target, content)
    return True


def _atomic(target: Path, content: bytes) -> None:
    """nginx never sees half a file: it gets the old one or the new one."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _remove(directory: Path, relative: str) -> bool:
    target = directory / relative
    found = target.is_file()
    target.unlink(missing_ok=True)
    _remove_copies(target)
    return found


def _remove_copies(target: Path) -> None:
    for suffix in COMPRESSED:
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def export_pages(directory: Path, paths: Iterable[str], summary: Summary | None = None) -> Summary:
    """Render ``paths`` in the order given and bring their files up to date: a page's file
    (or a withdrawn article's 410 page) is written, the file of a page that is no longer
    there (404) is removed. A page that answers anything else keeps its old file and the
    export goes on with the others, then fails naming it: one broken page never leaves
    the rest (a withdrawal above all) unwritten."""
    summary = summary or Summary()
    loaded = handler()
    failed: list[str] = []
    for path in dict.fromkeys(paths):
        try:
            response = render(path, using=loaded)
        except Exception:
            logger.exception("Static export: %s could not be rendered.", path)
            failed.append(f"{path} (error)")
            continue
        relative = file_for(path)
        gone = str(Path(relative).with_name(GONE)) if relative.endswith("/index.html") else None
        if response.status_code == 200:
            content = response.content  # type: ignore[attr-defined]
            summary.pages += 1
            summary.bytes += len(content)
            summary.files.add(relative)
            if _write(directory, relative, content):
                summary.written.append(relative)
            if gone and _remove(directory, gone):
                summary.removed.append(gone)
        elif response.status_code == 410 and gone:
            content = response.content  # type: ignore[attr-defined]
            summary.pages += 1
            summary.bytes += len(content)
            summary.files.add(gone)
            if _write(directory, gone, content):
                summary.written.append(gone)
            if _remove(directory, relative):
                summary.removed.append(relative)
        elif response.status_code == 404:
            for stale in filter(None, (relative, gone)):
                if _remove(directory, stale):
                    summary.removed.append(stale)
        else:
            failed.append(f"{path} ({response.status_code})")
    if failed:
        raise RuntimeError(f"Not exported, their old files kept: {', '.join(failed)}.")
    return summary


def export_site(directory: Path, *, static_root: Path | None = None) -> Summary:
    """Export every public page and the collected static files to ``directory``, and
    remove the files of pages that are no longer public."""
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()) and not (directory / MARKER).is_file():
        raise RuntimeError(f"{directory} holds files that no export wrote; export to an empty directory.")
    (directory / MARKER).touch()
    summary = export_pages(directory, sorted(site_paths()))
    summary.files.add(MARKER)
    static_prefix = urlsplit(settings.STATIC_URL).path.strip("/")
    _copy_static(static_root or Path(settings.STATIC_ROOT), directory, static_prefix, summary)
    for file in sorted(directory.rglob("*")):
        relative = str(file.relative_to(directory))
        if file.is_file() and relative.removesuffix(".gz").removesuffix(".br") not in summary.files:
            file.unlink()
            summary.removed.append(relative)
    for folder in sorted((d for d in directory.rglob("*") if d.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    summary.seconds = time.perf_counter() - started
    return summary


def _copy_static(root: Path, directory: Path, prefix: str, summary: Summary) -> None:
    """Copy collectstatic's output (hashed names, gzip and brotli copies included) under
    STATIC_URL's path."""
    if not root.is_dir():
        raise RuntimeError(f"STATIC_ROOT {root} does not exist: run `manage.py collectstatic` first.")
    for source in sorted(root.rglob("*")):
        if not source.is_file():
            continue
        destination = directory / prefix / source.relative_to(root)
        relative = str(destination.relative_to(directory))
        summary.files.add(relative)
        if source.suffix not in COMPRESSED:
            summary.static += 1
            summary.bytes += source.stat().st_size
        if destination.is_file() and destination.read_bytes() == source.read_bytes():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".export-")
        os.close(handle)
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
        summary.written.append(relative)


# After a sign-off or withdrawal.


def on_publication_changing(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    """Receiver of reviews.readmodel.signals.publication_changing: note which pages show the
    article now, and once the change commits rewrite those and the ones that show it
    then. Never lets an error reach the sign-off."""
    directory = settings.STATIC_EXPORT_DIR
    if not directory:
        return
    try:
        before = showing(article_id)
    except Exception:
        logger.exception("Static export: could not read the pages showing article %s.", article_id)
        return
    transaction.on_commit(partial(export_change, Path(directory), article_id, before), robust=True)


def export_change(directory: Path, article_id: int, before: Showing) -> Summary | None:
    """Rewrite the exported pages that showed the article before the change or show it
    now (and the articles linking to it, if it went live or was withdrawn)."""
    started = time.perf_counter()
    try:
        after = showing(article_id)
        slug = after.slug or before.slug or ""
        paths = set(before.paths | after.paths) | before.listing_paths(after)
        if before.letters[0] != after.letters[0]:  # every letter page's navigation changed
            paths |= _letter_paths(queries.symptom_letters(), "public:index_letter") | _letter_paths(
                dict.fromkeys(before.letters[0], (0, None)), "public:index_letter"
            )
        if before.letters[1] != after.letters[1]:
            paths |= _letter_paths(queries.condition_letters(), "public:conditions_letter") | _letter_paths(
                dict.fromkeys(before.letters[1], (0, None)), "public:conditions_letter"
            )
        if before.live != after.live:
            paths |= linking(slug)
        # The article's own files first: a withdrawal must take effect even if another page fails.
        own = reverse("public:detail", args=[slug]) if slug else "\0"
        summary = export_pages(directory, sorted(paths, key=lambda path: (not path.startswith(own), path)))
    except Exception:
        logger.exception("Static export: could not rewrite the pages of article %s; run export_site.", article_id)
        return None
    summary.seconds = time.perf_counter() - started
    logger.info("Static export after a change to article %s: %s", article_id, summary.line())
    return summary
