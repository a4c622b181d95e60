"""Public pages. They read signed-off content only (LivePage rows and live revision
snapshots) and carry no per-reader state (no session, no CSRF token), so a rendered
page can be cached as it is until the next sign-off."""

from itertools import groupby

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .document import linked_article_slugs
from .models import Category, LiveMention, LivePage

RECENT_COUNT = 8


def _first_letter(title):
    letter = title[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def live_pages():
    return LivePage.objects.filter(withdrawn=False)


@require_safe
def home(request):
    categories = Category.objects.annotate(
        article_count=Count("live_pages", filter=Q(live_pages__withdrawn=False))
    ).filter(article_count__gt=0)
    recent = live_pages().order_by("-last_reviewed", "title")[:RECENT_COUNT]
    return render(request, "articles/home.html", {"categories": categories, "recent": recent})


@require_safe
def index(request):
    pages = live_pages().order_by("title").only("slug", "title", "question")
    by_letter = [(letter, list(items)) for letter, items in groupby(pages, key=lambda p: _first_letter(p.title))]
    present = {letter for letter, _ in by_letter}
    letters = [(letter, letter in present) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    return render(request, "articles/index.html", {"by_letter": by_letter, "letters": letters})


def review_status(page, *, today=None):
    """What the trust block says about the review dates."""
    if page is None:
        return None
    today = today or timezone.localdate()
    days_overdue = (today - page.next_review_due).days
    return {"overdue": days_overdue > settings.REVIEW_GRACE_DAYS, "days_overdue": days_overdue}


def document_context(document):
    """What the article templates need to render ``document``: it, and which of the
    articles it links to are live (the others are shown as plain text)."""
    linked = linked_article_slugs(document)
    public_links = set(live_pages().filter(slug__in=linked).values_list("slug", flat=True)) if linked else set()
    return {"doc": document, "public_links": public_links}


def render_document(request, document, *, page=None, preview=False):
    context = {**document_context(document), "page": page, "review": review_status(page), "preview": preview}
    return render(request, "articles/detail.html", context)


@require_safe
def detail(request, slug):
    page = get_object_or_404(LivePage.objects.select_related("article__live_revision"), slug=slug)
    if page.withdrawn:
        return render(request, "articles/withdrawn.html", {"page": page}, status=410)
    return render_document(request, page.article.live_revision.snapshot, page=page)


@require_safe
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    pages = live_pages().filter(categories=category).order_by("title")
    return render(request, "articles/category.html", {"category": category, "pages": pages})


@require_safe
def condition(request, slug):
    mentions = list(
        LiveMention.objects.filter(condition_slug=slug, page__withdrawn=False)
        .select_related("page")
        .order_by("page__title", "position")
    )
    if not mentions:
        raise Http404("No live article lists this condition.")
    # Name and gloss as the most recently reviewed article shows them.
    latest = max(mentions, key=lambda m: (m.page.last_reviewed, m.page_id))
    listed = [(page, list(group)) for page, group in groupby(mentions, key=lambda m: m.page)]
    return render(
        request,
        "articles/condition.html",
        {"name": latest.name, "gloss": latest.gloss, "listed": listed},
    )
