"""The sitemap: an index at /sitemap.xml (what robots.txt names) of sections, each in
pages of at most SECTION_SIZE addresses at /sitemap-<section>-<n>.xml (path-based, so
the static export writes them as files; Django's own index pages with ``?p=``).

Each section reads only the slugs and dates it prints, from the read model, a page at a
time, and is written as XML directly: Django's sitemap classes and templates cost about
0.1 ms per address, over half a second for a page of 5,000.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.sites.requests import RequestSite
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from reviews.readmodel.models import CategorySummary, ConditionSummary, Publication, TranslationPublication

from . import queries
from .paths import slug_path

SECTION_SIZE = 5000  # addresses per sitemap page (the protocol allows 50,000)
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"

Row = tuple[str, datetime.date | None]  # (path, last reviewed)
# {path: ((hreflang, path), ...)}: the page in every language it is offered in, itself included
Alternates = dict[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Section:
    """A part of the site: how many addresses it has, and one page of (path, date) rows,
    with the other languages of the pages that have them (``alternates``)."""

    count: Callable[[], int]
    rows: Callable[[slice], Sequence[Row]]
    changefreq: str = ""
    alternates: Callable[[Sequence[Row]], Alternates] | None = None


def _slugs(rows: Any, route: str) -> Section:
    """A section of one kind of page, from a values_list query of (slug, date) by slug."""
    return Section(
        count=rows.count,
        rows=lambda part: [(slug_path(route, slug), date) for slug, date in rows[part]],
    )


def _articles() -> Section:
    rows = Publication.objects.public().order_by("slug").values_list("slug", "last_reviewed")
    return replace(_slugs(rows, "public:detail"), changefreq="yearly", alternates=_languages)


def _translations() -> Section:
    """Every article page in another language readers are offered, with its English's date."""
    rows = (
        _offered().order_by("language", "slug").values_list("language", "slug", "article__publication__last_reviewed")
    )

    def page(part: slice) -> list[Row]:
        return [(_path(language, slug), date) for language, slug, date in rows[part]]

    return Section(count=rows.count, rows=page, changefreq="yearly", alternates=_languages)


def _offered() -> Any:
    return TranslationPublication.objects.offered()


def _path(language: str | None, slug: str) -> str:
    with translation.override(language):
        return slug_path("public:detail", slug)


def _languages(rows: Sequence[Row]) -> Alternates:
    """The languages of every article page offered in more than one: each names every
    version, itself included, and x-default (the English), so that they are reciprocal.
    As many rows as there are translations, whatever ``rows`` holds."""
    offered = _offered().order_by().values_list("article__publication__slug", "language", "slug")
    found: dict[str, list[tuple[str, str]]] = {}
    for english_slug, language, slug in offered:
        found.setdefault(_path(None, english_slug), []).append((language, _path(language, slug)))
    alternates: Alternates = {}
    for english_path, versions in found.items():
        every = (("en-US", english_path), *sorted(versions), ("x-default", english_path))
        for path in (english_path, *(path for _, path in versions)):
            alternates[path] = every
    return alternates


def _conditions() -> Section:
    return _slugs(ConditionSummary.objects.order_by("slug").values_list("slug", "last_reviewed"), "public:condition")


def _categories() -> Section:
    return _slugs(CategorySummary.objects.order_by("slug").values_list("slug", "last_reviewed"), "public:category")


def _reviewers() -> Section:
    """A page per reviewer named in a live article's sign-off (what the byline links to)."""
    rows = (
        Publication.objects.public()
        .values("reviewer_slug")
        .annotate(lastmod=Max("last_reviewed"))
        .order_by("reviewer_slug")
        .values_list("reviewer_slug", "lastmod")
    )
    return _slugs(rows, "public:reviewer")


def site_pages() -> list[Row]:
    """Home, the two A–Z pages with every page of their letters, and the navigator: they
    change when an article they list is reviewed."""
    newest = Publication.objects.public().aggregate(newest=Max("last_reviewed"))["newest"]
    rows = [(reverse(name), newest) for name in ("public:home", "public:index", "public:conditions")]
    for letters, route in (
        (queries.symptom_letters(), "public:index_letter"),
        (queries.condition_letters(), "public:conditions_letter"),
    ):
        for letter, (count, letter_newest) in letters.items():
            base = slug_path(route, queries.letter_slug(letter))
            pages = queries.page_count(count, queries.A_TO_Z_PAGE_SIZE)
            rows += [(queries.page_path(base, n), letter_newest) for n in range(1, pages + 1)]
    rows.append((reverse("public:navigator"), newest))
    return rows


def _pages() -> Section:
    rows = site_pages()  # a few hundred at most: read once
    return Section(count=lambda: len(rows), rows=lambda part: rows[part])


SECTIONS: dict[str, Callable[[], Section]] = {
    "pages": _pages,
    "articles": _articles,
    "translations": _translations,
    "conditions": _conditions,
    "categories": _categories,
    "reviewers": _reviewers,
}


def section_paths() -> list[str]:
    """The address of every sitemap page (one count per section)."""
    paths = []
    for name, section in SECTIONS.items():
        pages = queries.page_count(section().count(), SECTION_SIZE)
        paths += [reverse("sitemap_section", args=[name, n]) for n in range(1, pages + 1)]
    return paths


def _root(request: HttpRequest) -> str:
    return f"{request.scheme}://{RequestSite(request).domain}"


def index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: the absolute address of every section page."""
    root = _root(request)
    lines = [f"<sitemap><loc>{escape(root + path)}</loc></sitemap>" for path in section_paths()]
    return _xml(f'<sitemapindex xmlns="{XMLNS}">', lines, "</sitemapindex>")


def section(request: HttpRequest, section: str, number: int) -> HttpResponse:
    """One page of a section: up to SECTION_SIZE addresses with their review dates."""
    make = SECTIONS.get(section)
    if make is None or number < 1:
        raise Http404("No such sitemap.")
    found = make()
    rows = found.rows(queries.window(number, SECTION_SIZE))
    if not rows and number > 1:
        raise Http404("No such sitemap page.")
    root = _root(request)
    changefreq = f"<changefreq>{found.changefreq}</changefreq>" if found.changefreq else ""
    alternates = found.alternates(rows) if found.alternates else {}
    lines = [
        f"<url><loc>{escape(root + path)}</loc>{_lastmod(date)}{changefreq}{_links(root, alternates.get(path))}</url>"
        for path, date in rows
    ]
    return _xml(f'<urlset xmlns="{XMLNS}" xmlns:xhtml="{XHTML}">', lines, "</urlset>")


def _links(root: str, versions: tuple[tuple[str, str], ...] | None) -> str:
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="{escape(root + path)}"/>'
        for hreflang, path in versions or ()
    )


def _lastmod(date: datetime.date | None) -> str:
    return f"<lastmod>{date.isoformat()}</lastmod>" if date else ""


def _xml(opening: str, lines: list[str], closing: str) -> HttpResponse:
    body = "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', opening, *lines, closing, ""])
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    # Search engines read sitemaps but list no sitemap as a result (as Django's views say).
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
