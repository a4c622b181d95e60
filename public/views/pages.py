"""Public pages. They read the read model (reviews' Publication and listing tables) and
live revision snapshots only, and carry no per-reader state (no session, no CSRF token),
so a rendered page can be cached as it is until the next sign-off."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from reviews.models import Publication, ReviewerProfile, Revision
from reviews.sealing import publication_is_authentic

from .. import cache as page_cache
from .. import queries, structured
from ..rendering import render_article

logger = logging.getLogger(__name__)
RECENT_COUNT = 8
PAGE_CACHE_SECONDS = 24 * 3600  # a bound on anything the key cannot see (template edits without a RELEASE)
PAGE_FIELDS = [
    "article_id",
    "revision_id",
    "content_hash",
    "last_reviewed",
    "next_review_due",
    "withdrawn_at",
    "slug",
    "title",
    "question",
    "reviewer_name",
    "reviewer_credentials",
    "reviewer_slug",
    "history",
    "seal",
]


@require_safe
def home(request):
    recent = Publication.objects.public().order_by("-last_reviewed", "title")[:RECENT_COUNT]
    return render(request, "public/home.html", {"categories": queries.categories(), "recent": recent})


@require_safe
def index(request):
    pages = Publication.objects.public().order_by("title").only("slug", "title", "question")
    return render(request, "public/index.html", queries.a_to_z(pages, lambda page: page.title))


@require_safe
def detail(request, slug):
    publication = Publication.objects.with_clock().only(*PAGE_FIELDS).filter(slug=slug).first()
    if publication is None:
        raise Http404("No article has this address.")
    if publication.withdrawn:
        return render(request, "public/withdrawn.html", {"page": publication}, status=410)
    # The page is a pure function of what is in this key, so it is rendered once per
    # sign-off (or per change in which articles are live, or when the review turns
    # overdue), never per reader.
    parts = (
        settings.RELEASE,
        publication.pk,
        publication.content_hash,
        publication.last_reviewed,
        len(publication.history),
        publication.review_overdue(today=timezone.localdate()),
        publication.clock,
    )
    key = "article-page:" + ":".join(map(str, parts))
    html = page_cache.get(key)
    if html is None:
        snapshot = Revision.objects.values_list("snapshot", flat=True).get(pk=publication.revision_id)
        if not publication_is_authentic(publication, snapshot):
            # Never the tampered text: an error page, and an alert for whoever runs the site.
            logger.critical("Article %s: the live snapshot does not match its sign-off; not served.", slug)
            return render(request, "public/unavailable.html", {"page": publication}, status=503)
        html = render_article(request, snapshot, publication=publication).content
        page_cache.set(key, html, timeout=PAGE_CACHE_SECONDS)
    return HttpResponse(html)


@require_safe
def category(request, slug):
    found = queries.category(slug)
    if found is None:
        raise Http404("No live article is filed under this category.")
    name, pages = found
    trail = [("Home", reverse("public:home")), (name, request.path)]
    return render(request, "public/category.html", {"name": name, "slug": slug, "pages": pages, "trail": trail})


@require_safe
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
def conditions_index(request):
    names = queries.condition_names()
    return render(request, "public/conditions.html", queries.a_to_z(names.items(), lambda item: item[1]))


@require_safe
def reviewer(request, slug):
    profile = get_object_or_404(ReviewerProfile, slug=slug)
    return render(request, "public/reviewer.html", {"profile": profile, "pages": queries.reviewed_by(slug)})


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /review/
Disallow: /preview/
Disallow: /_nested_admin/

Sitemap: {sitemap}
"""


@require_safe
def robots_txt(request):
    text = ROBOTS.format(sitemap=structured.absolute(reverse("sitemap")))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
