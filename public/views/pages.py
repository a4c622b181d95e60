"""Public pages. They read the read model (reviews' Publication and listing tables) and
live revision snapshots only, and carry no per-reader state (no session, no CSRF token),
so a rendered page can be cached as it is until the next sign-off, and each page has a
cheap HTTP validator (public/http.py): a conditional GET that matches is answered 304
after one small query, before anything is rendered."""

import datetime
import logging
from itertools import groupby
from typing import Any, cast

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_safe
from django_stubs_ext import WithAnnotations

from reviews.provenance.models import ReviewerProfile
from reviews.readmodel.models import Publication, PublicationClock, sealed

from .. import cache as page_cache
from .. import http, queries, structured
from ..languages import in_every_language
from ..paths import slug_path
from ..publication_rows import article_row
from ..rendering import render_article
from . import translated

logger = logging.getLogger(__name__)
RECENT_COUNT = 8
PAGE_CACHE_SECONDS = 24 * 3600  # a bound on anything the key cannot see (template edits without a RELEASE)


@require_safe
@in_every_language
@http.read_model_page
def home(request):
    if get_language() != settings.LANGUAGE_CODE:
        return translated.home(request)
    recent = sealed(Publication.objects.listed().order_by("-last_reviewed", "title")[:RECENT_COUNT])
    return render(request, "public/home.html", {"categories": queries.categories(), "recent": recent})


def _a_to_z(request, *, kind: str, letter_slug: str | None, number: int):
    """An A–Z page of symptoms or conditions. The A–Z page itself lists every entry by
    letter while they are few, else only the letters; a letter's page (always there for
    a letter with entries) lists its entries, paged when there are many."""
    letters, listed, route = A_TO_Z[kind]
    counts = letters()
    total = sum(n for n, _ in counts.values())
    index_path = reverse(f"public:{kind}")
    home = (gettext("Home"), reverse("public:home"))
    context: dict = {"total": total, "trail": [home, (str(A_TO_Z_TITLES[kind]), index_path)]}
    if letter_slug is None:
        small = total <= queries.A_TO_Z_ON_ONE_PAGE
        context["letters"] = queries.letter_nav(counts, route, anchors=small)
        if small:
            entries: list[Any] = listed()
            context["by_letter"] = [
                (letter, queries.letter_anchor(letter), list(group))
                for letter, group in groupby(entries, key=_letter_of(kind))
            ]
        return render(request, A_TO_Z_TEMPLATES[kind], context)
    letter = queries.slug_letter(letter_slug)
    base = slug_path(route, letter_slug)
    found = counts.get(letter)
    pager = queries.pager(base, number, found[0], queries.A_TO_Z_PAGE_SIZE) if found else None
    if pager is None:
        raise Http404("No entries start with this letter, or the page is past the last.")
    context.update(
        letter=letter,
        letter_name=queries.letter_name(letter),
        letters=queries.letter_nav(counts, route, current=letter),
        entries=listed(letter, queries.window(number, queries.A_TO_Z_PAGE_SIZE)),
        pager=pager,
    )
    context["trail"] = _paged_trail([*context["trail"], (queries.letter_name(letter).capitalize(), base)], pager)
    return render(request, A_TO_Z_TEMPLATES[kind], context)


def _number(number: int | None) -> int:
    """The page a listing's address asks for: its own address is page 1, and only later
    pages have a ``page/<n>/`` address (one address per page)."""
    if number is not None and number < 2:
        raise Http404("The first page of a listing is at the listing's own address.")
    return number or 1


def _paged_trail(trail: list[tuple[str, str]], pager: queries.Pager) -> list[tuple[str, str]]:
    """Breadcrumbs of a listing's page: past the first, the page itself is the last step."""
    if pager.number == 1:
        return trail
    return [
        *trail,
        (gettext("Page %(number)s") % {"number": pager.number}, queries.page_path(pager.base, pager.number)),
    ]


def _letter_of(kind: str):
    if kind == "index":
        return lambda page: queries.first_letter(page.title)
    return lambda item: queries.first_letter(item[1])


A_TO_Z: dict[str, tuple[Any, Any, str]] = {  # kind: (letter counts, entries, letter page route)
    "index": (queries.symptom_letters, queries.symptoms_listed, "public:index_letter"),
    "conditions": (queries.condition_letters, queries.conditions_listed, "public:conditions_letter"),
}
A_TO_Z_TITLES = {"index": gettext_lazy("Symptoms A–Z"), "conditions": gettext_lazy("Conditions A–Z")}
A_TO_Z_TEMPLATES = {"index": "public/index.html", "conditions": "public/conditions.html"}


@require_safe
@in_every_language
@http.read_model_page
def index(request):
    if get_language() != settings.LANGUAGE_CODE:
        return translated.index(request)
    return _a_to_z(request, kind="index", letter_slug=None, number=1)


@require_safe
@http.read_model_page
def index_letter(request, letter, number=None):
    return _a_to_z(request, kind="index", letter_slug=letter, number=_number(number))


@require_safe
@http.read_model_page
def conditions_index(request):
    return _a_to_z(request, kind="conditions", letter_slug=None, number=1)


@require_safe
@http.read_model_page
def conditions_letter(request, letter, number=None):
    return _a_to_z(request, kind="conditions", letter_slug=letter, number=_number(number))


def article_validators(
    publication: "WithAnnotations[Publication, PublicationClock.Reading]", *, today: datetime.date
) -> http.Validators:
    """The article page is a pure function of these inputs, all in the one row the page
    reads first (the publication clock comes in the same query): they key the cached
    rendering and make the ETag, so it is rendered once per sign-off (or per change in
    which articles are live, or when the review turns overdue), never per reader, and a
    reader who has it gets a 304 without the snapshot being read."""
    overdue = publication.review_overdue(today=today)
    parts = (
        publication.pk,
        publication.content_hash,
        publication.last_reviewed,
        overdue,
        publication.withdrawn,
        publication.clock,
        publication.clock_changed_at,
    )
    # The last change that could show on the page: a sign-off or withdrawal anywhere moves
    # the clock (the page links to other articles only while they are live), and the day
    # the review became overdue changes what the page says.
    changes = [publication.clock_changed_at]
    if overdue:
        changes.append(timezone.make_aware(datetime.datetime.combine(publication.overdue_from(), datetime.time())))
    known = [moment for moment in changes if moment is not None]
    return http.Validators.of(parts, last_modified=max(known) if known else None)


@require_safe
@in_every_language
def detail(request, slug):
    if get_language() != settings.LANGUAGE_CODE:
        return translated.detail(request, slug)
    today = timezone.localdate()
    row = article_row(slug)
    if row is None:
        raise Http404("No article has this address.")
    validators = article_validators(row, today=today)
    if (early := http.not_modified(request, validators)) is not None:
        return early  # the reader's copy is current: no snapshot read, nothing rendered
    if not row.withdrawn and (html := page_cache.get_immutable(_page_key(validators))) is not None:
        return http.cacheable(HttpResponse(html), validators)
    # Not cached (or withdrawn): the whole row, read again so that everything the page
    # shows and its validators come from one reading.
    publication = Publication.objects.shown_by_slug(slug)
    if publication is None:
        raise Http404("No article has this address.")
    validators = article_validators(publication, today=today)
    if publication.withdrawn:
        response = render(request, "public/withdrawn.html", {"page": publication}, status=410)
        return http.cacheable(response, validators)
    key = _page_key(validators)
    html = page_cache.get_immutable(key)
    if html is None:
        snapshot = publication.signed_document()
        if not publication.is_authentic(snapshot):
            # Never the tampered text: an error page, and an alert for whoever runs the site.
            logger.critical("Article %s: the live snapshot does not match its sign-off; not served.", slug)
            response = render(request, "public/unavailable.html", {"page": publication}, status=503)
            response["Cache-Control"] = "no-store"  # ask again: it is served once mended
            return response
        html = render_article(request, snapshot, publication=publication).content
        page_cache.set_immutable(key, html, timeout=PAGE_CACHE_SECONDS)
    return http.cacheable(HttpResponse(html), validators)


def _page_key(validators: http.Validators) -> str:
    return "article-page:" + validators.etag.strip('"')


def _paged(route: str, slug: str, number: int | None, total: int, missing: str) -> queries.Pager:
    """The pager of page ``number`` of the listing at ``route`` for ``slug``, which holds
    ``total`` entries, or a 404 that says ``missing`` when there is no such page."""
    pager = queries.pager(slug_path(route, slug), _number(number), total, queries.LIST_PAGE_SIZE)
    if pager is None:
        raise Http404(missing)
    return pager


NO_CATEGORY = "No live article is filed under this category, or the page is past the last."
NO_CONDITION = "No live article lists this condition, or the page is past the last."


@require_safe
@http.read_model_page
def category(request, slug, number=None):
    found = queries.category(slug)
    if found is None:
        raise Http404(NO_CATEGORY)
    pager = _paged("public:category", slug, number, found.article_count, NO_CATEGORY)
    pages = queries.category_pages(slug, queries.window(pager.number, queries.LIST_PAGE_SIZE))
    trail = _paged_trail([(gettext("Home"), reverse("public:home")), (found.name, pager.base)], pager)
    context = {"name": found.name, "slug": slug, "pages": pages, "trail": trail, "pager": pager}
    return render(request, "public/category.html", context)


@require_safe
@http.read_model_page
def condition(request, slug, number=None):
    found = queries.condition(slug)
    if found is None:
        raise Http404(NO_CONDITION)
    pager = _paged("public:condition", slug, number, found.article_count, NO_CONDITION)
    shown = queries.condition_page(found, queries.window(pager.number, queries.LIST_PAGE_SIZE))
    conditions = (gettext("Conditions A–Z"), reverse("public:conditions"))
    trail = _paged_trail([(gettext("Home"), reverse("public:home")), conditions, (found.name, pager.base)], pager)
    return render(request, "public/condition.html", {**shown, "trail": trail, "pager": pager})


REVIEWER_FIELDS = ["slug", "display_name", "credentials", "specialty", "bio"]


@require_safe
def reviewer(request, slug, number=None):
    # The profile is edited without a sign-off, so what the page shows of it is part of
    # the validator; the list of articles comes from the read model (the clock).
    rows = ReviewerProfile.objects.annotate(**PublicationClock.annotations()).only(*REVIEWER_FIELDS)
    profile = cast("WithAnnotations[ReviewerProfile, PublicationClock.Reading]", get_object_or_404(rows, slug=slug))
    shown = [getattr(profile, name) for name in REVIEWER_FIELDS]
    validators = http.Validators.of((request.path, profile.clock, profile.clock_changed_at, *shown), last_modified=None)
    if (early := http.not_modified(request, validators)) is not None:
        return early
    missing = "This reviewer's list of articles has no such page."
    pager = _paged("public:reviewer", slug, number, queries.reviewed_count(slug), missing)
    pages = queries.reviewed_by(slug, queries.window(pager.number, queries.LIST_PAGE_SIZE))
    response = render(request, "public/reviewer.html", {"profile": profile, "pages": pages, "pager": pager})
    return http.cacheable(response, validators)


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /review/
Disallow: /preview/
Disallow: /_nested_admin/

Sitemap: {sitemap}
"""


@require_safe
@http.conditional(lambda request: http.Validators.of(("offline",), last_modified=None))
def offline(request):
    """What nginx sends from the static export, with status 503, for what only the app
    servers answer (search, the navigator, the forms) while none of them answers
    (deploy/nginx/site.conf): exported like any page, never linked."""
    return render(request, "public/offline.html")


@require_safe
@http.conditional(lambda request: http.Validators.of(("robots",), last_modified=None))
def robots_txt(request):
    text = ROBOTS.format(sitemap=structured.absolute(reverse("sitemap")))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
