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

from reviews.readmodel.models import CategorySummary, ConditionSummary, Publication

from . import queries
from .paths import slug_path

SECTION_SIZE = 5000  # addresses per sitemap page (the protocol allows 50,000)
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

Row = tuple[str, datetime.date | None]  # (path, last reviewed)


@dataclass(frozen=True)
class Section:
    """A part of the site: how many addresses it has, and one page of (path, date) rows."""

    count: Callable[[], int]
    rows: Callable[[slice], Sequence[Row]]
    changefreq: str = ""


def _slugs(rows: Any, route: str) -> Section:
    """A section of one kind of page, from a values_list query of (slug, date) by slug."""
    return Section(
        count=rows.count,
        rows=lambda part: [(slug_path(route, slug), date) for slug, date in rows[part]],
    )


def _articles() -> Section:
    rows = Publication.objects.public().order_by("slug").values_list("slug", "last_reviewed")
    return replace(_slugs(rows, "public:detail"), changefreq="yearly")


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
    lines = [f"<url><loc>{escape(root + path)}</loc>{_lastmod(date)}{changefreq}</url>" for path, date in rows]
    return _xml(f'<urlset xmlns="{XMLNS}">', lines, "</urlset>")


def _lastmod(date: datetime.date | None) -> str:
    return f"<lastmod>{date.isoformat()}</lastmod>" if date else ""


def _xml(opening: str, lines: list[str], closing: str) -> HttpResponse:
    body = "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', opening, *lines, closing, ""])
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    # Search engines read sitemaps but list no sitemap as a result (as Django's views say).
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
