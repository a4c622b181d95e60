"""Public pages. They read the read model (reviews' Publication and listing tables) and
live revision snapshots only, and carry no per-reader state (no session, no CSRF token),
so a rendered page can be cached as it is until the next sign-off, and each page has a
cheap HTTP validator (public/http.py): a conditional GET that matches is answered 304
after one small query, before anything is rendered."""

import datetime
import logging
from typing import cast

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_stubs_ext import WithAnnotations

from reviews.models import Publication, PublicationClock, ReviewerProfile, Revision
from reviews.sealing import publication_is_authentic

from .. import cache as page_cache
from .. import http, queries, structured
from ..rendering import render_article

logger = logging.getLogger(__name__)
RECENT_COUNT = 8
PAGE_CACHE_SECONDS = 24 * 3600  # a bound on anything the key cannot see (template edits without a RELEASE)


@require_safe
@http.read_model_page
def home(request):
    recent = Publication.objects.public().order_by("-last_reviewed", "title")[:RECENT_COUNT]
    return render(request, "public/home.html", {"categories": queries.categories(), "recent": recent})


@require_safe
@http.read_model_page
def index(request):
    pages = Publication.objects.public().order_by("title").only("slug", "title", "question")
    return render(request, "public/index.html", queries.a_to_z(pages, lambda page: page.title))


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
        len(publication.history),
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
def detail(request, slug):
    publication = Publication.objects.shown_by_slug(slug)
    if publication is None:
        raise Http404("No article has this address.")
    validators = article_validators(publication, today=timezone.localdate())
    if (early := http.not_modified(request, validators)) is not None:
        return early  # the reader's copy is current: no snapshot read, nothing rendered
    if publication.withdrawn:
        response = render(request, "public/withdrawn.html", {"page": publication}, status=410)
        return http.cacheable(response, validators)
    key = "article-page:" + validators.etag.strip('"')
    html = page_cache.get(key)
    if html is None:
        snapshot = Revision.objects.values_list("snapshot", flat=True).get(pk=publication.revision_id)
        if not publication_is_authentic(publication, snapshot):
            # Never the tampered text: an error page, and an alert for whoever runs the site.
            logger.critical("Article %s: the live snapshot does not match its sign-off; not served.", slug)
            response = render(request, "public/unavailable.html", {"page": publication}, status=503)
            response["Cache-Control"] = "no-store"  # ask again: it is served once mended
            return response
        html = render_article(request, snapshot, publication=publication).content
        page_cache.set(key, html, timeout=PAGE_CACHE_SECONDS)
    return http.cacheable(HttpResponse(html), validators)


@require_safe
@http.read_model_page
def category(request, slug):
    found = queries.category(slug)
    if found is None:
        raise Http404("No live article is filed under this category.")
    name, pages = found
    trail = [("Home", reverse("public:home")), (name, request.path)]
    return render(request, "public/category.html", {"name": name, "slug": slug, "pages": pages, "trail": trail})


@require_safe
@http.read_model_page
def condition(request, slug):
    found = queries.condition_page(slug)
    if found is None:
        raise Http404("No live article lists this condition.")
    trail = [
        ("Home", reverse("public:home")),
        ("Conditions A–Z", reverse("public:conditions")),
        (found["name"], request.path),
    ]
    return render(request, "public/condition.html", {**found, "trail": trail})


@require_safe
@http.read_model_page
def conditions_index(request):
    names = queries.condition_names()
    return render(request, "public/conditions.html", queries.a_to_z(names.items(), lambda item: item[1]))


REVIEWER_FIELDS = ["slug", "display_name", "credentials", "specialty", "bio"]


@require_safe
def reviewer(request, slug):
    # The profile is edited without a sign-off, so what the page shows of it is part of
    # the validator; the list of articles comes from the read model (the clock).
    rows = ReviewerProfile.objects.annotate(**PublicationClock.annotations()).only(*REVIEWER_FIELDS)
    profile = cast("WithAnnotations[ReviewerProfile, PublicationClock.Reading]", get_object_or_404(rows, slug=slug))
    shown = [getattr(profile, name) for name in REVIEWER_FIELDS]
    validators = http.Validators.of((request.path, profile.clock, profile.clock_changed_at, *shown), last_modified=None)
    if (early := http.not_modified(request, validators)) is not None:
        return early
    response = render(request, "public/reviewer.html", {"profile": profile, "pages": queries.reviewed_by(slug)})
    return http.cacheable(response, validators)


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /review/
Disallow: /preview/
Disallow: /_nested_admin/

Sitemap: {sitemap}
"""


@require_safe
@http.conditional(lambda request: http.Validators.of(("robots",), last_modified=None))
def robots_txt(request):
    text = ROBOTS.format(sitemap=structured.absolute(reverse("sitemap")))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
