"""Public pages. They read signed-off content only (LivePage rows and live revision
snapshots) and carry no per-reader state (no session, no CSRF token), so a rendered
page can be cached as it is until the next sign-off."""

from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import live, search, structured
from .document import linked_article_slugs
from .forms import NavigatorForm
from .models import Article, LiveMention, LivePage

RECENT_COUNT = 8
PAGE_CACHE_SECONDS = 24 * 3600  # a bound on anything the key cannot see (template edits without a RELEASE)
PAGE_FIELDS = [
    *(f.name for f in LivePage._meta.concrete_fields if not f.name.startswith("search")),
    "article__id",
    "article__live_revision__content_hash",  # not the snapshot: only a cache miss reads it
]


def _first_letter(title):
    letter = title[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def a_to_z(items, name):
    """Context for an A–Z page: items grouped by the first letter of ``name(item)``, and
    which letters of the navigation have entries. Sorted here, not by the database,
    whose collation may not agree with the grouping."""
    items = sorted(items, key=lambda i: (_first_letter(name(i)), name(i).lower()))
    by_letter = [(letter, list(group)) for letter, group in groupby(items, key=lambda i: _first_letter(name(i)))]
    present = {letter for letter, _ in by_letter}
    return {"by_letter": by_letter, "letters": [(letter, letter in present) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]}


def live_pages():
    return LivePage.objects.filter(withdrawn=False)


def live_categories():
    """[(slug, name, article count)] of categories with live articles, named as the most
    recently reviewed of them shows it (category names are reviewed with articles)."""
    names, counts = {}, {}
    for shown in live_pages().order_by("last_reviewed", "pk").values_list("category_names", flat=True):
        for slug, name in shown.items():
            names[slug] = name
            counts[slug] = counts.get(slug, 0) + 1
    return sorted(((slug, names[slug], counts[slug]) for slug in names), key=lambda c: c[1].lower())


@require_safe
def home(request):
    recent = live_pages().order_by("-last_reviewed", "title")[:RECENT_COUNT]
    return render(request, "articles/home.html", {"categories": live_categories(), "recent": recent})


@require_safe
def index(request):
    pages = live_pages().order_by("title").only("slug", "title", "question")
    return render(request, "articles/index.html", a_to_z(pages, lambda page: page.title))


def review_status(page):
    """What the trust block says about the review dates."""
    if page is None:
        return None
    return {"overdue": (timezone.localdate() - page.next_review_due).days > settings.REVIEW_GRACE_DAYS}


def document_context(document):
    """What the article templates need to render ``document``: it, and which of the
    articles it links to are live (the others are shown as plain text)."""
    linked = linked_article_slugs(document)
    public_links = set(live_pages().filter(slug__in=linked).values_list("slug", flat=True)) if linked else set()
    return {"doc": document, "public_links": public_links}


def render_document(request, document, *, page=None, preview=False):
    context = {
        **document_context(document),
        "page": page,
        "review": review_status(page),
        "preview": preview,
        "trail": structured.article_trail(document),
    }
    if page is not None:
        context["canonical"] = structured.absolute(page.get_absolute_url())
        context["json_ld"] = structured.medical_web_page(document, page)
    return render(request, "articles/detail.html", context)


@require_safe
def detail(request, slug):
    page = get_object_or_404(LivePage.objects.select_related("article__live_revision").only(*PAGE_FIELDS), slug=slug)
    if page.withdrawn:
        return render(request, "articles/withdrawn.html", {"page": page}, status=410)
    # The page is a pure function of what is in this key, so it is rendered once per
    # sign-off (or per change in which linked articles are live, or when the review
    # turns overdue), never per reader.
    key = "article-page:{}:{}:{}:{}:{}:{}:{}".format(
        settings.RELEASE,
        page.pk,
        page.article.live_revision.content_hash,
        page.last_reviewed,
        len(page.history),
        review_status(page)["overdue"],
        live.live_version(),
    )
    html = cache.get(key)
    if html is None:
        revisions = Article._meta.get_field("live_revision").related_model.objects  # reviews.Revision
        snapshot = revisions.values_list("snapshot", flat=True).get(pk=page.article.live_revision_id)
        html = render_document(request, snapshot, page=page).content
        cache.set(key, html, timeout=PAGE_CACHE_SECONDS)
    return HttpResponse(html)


@require_safe
def category(request, slug):
    pages = list(live_pages().filter(category_names__has_key=slug).order_by("title", "pk"))
    if not pages:
        raise Http404("No live article is filed under this category.")
    name = max(pages, key=lambda p: (p.last_reviewed, p.pk)).category_names.get(slug, slug)
    trail = [("Home", reverse("articles:home")), (name, request.path)]
    return render(request, "articles/category.html", {"name": name, "slug": slug, "pages": pages, "trail": trail})


@require_safe
def condition(request, slug):
    mentions = list(
        LiveMention.objects.filter(condition_slug=slug, page__withdrawn=False)
        .select_related("page")
        .order_by("page__title", "page_id", "position")
    )
    if not mentions:
        raise Http404("No live article lists this condition.")
    # Name and gloss as the most recently reviewed article shows them.
    latest = max(mentions, key=lambda m: (m.page.last_reviewed, m.page_id))
    listed = [(page, list(group)) for page, group in groupby(mentions, key=lambda m: m.page)]
    trail = [
        ("Home", reverse("articles:home")),
        ("Conditions A–Z", reverse("articles:conditions")),
        (latest.name, request.path),
    ]
    return render(
        request,
        "articles/condition.html",
        {"name": latest.name, "gloss": latest.gloss, "listed": listed, "trail": trail},
    )


RESULTS_PER_PAGE = 10


@require_safe
def search_view(request):
    query, was_cut = search.clean_query(request.GET.get("q", ""))
    context = {"query": query, "was_cut": was_cut, "max_length": search.MAX_QUERY_LENGTH}
    if query and not search.terms(query):
        context["problem"] = (
            "Your search has no letters or numbers in it. Try a symptom or a condition, such as “cramps”."
        )
    elif query:
        results = search.search(query)
        suggestion = search.suggest(query)
        if not results and suggestion:
            results = search.search(suggestion)
            context["showing_for"] = suggestion  # we searched for the respelling instead
        elif suggestion:
            context["did_you_mean"] = suggestion
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        for result in page:
            result.snippet = search.snippet(result, context.get("showing_for", query))
        context.update(page=page, total=len(results))
    return render(request, "articles/search.html", context)


@require_safe
def conditions_index(request):
    names = {}
    for slug, name in (
        LiveMention.objects.filter(page__withdrawn=False)
        .order_by("page__last_reviewed", "page_id")
        .values_list("condition_slug", "name")
    ):
        names[slug] = name  # the most recently reviewed wording wins
    return render(request, "articles/conditions.html", a_to_z(names.items(), lambda item: item[1]))


@require_safe
def navigator(request):
    # Symptoms are the live articles that list causes (not overview articles).
    pages = list(
        live_pages().filter(mentions__isnull=False).distinct().order_by("title").only("slug", "title", "question")
    )
    by_slug = {page.slug: page for page in pages}
    asked = list(dict.fromkeys(request.GET.getlist("s")))[:50]
    chosen = [slug for slug in asked if slug in by_slug]
    form = NavigatorForm(initial={"s": chosen}, choices=[(p.slug, p.title) for p in pages])
    context = {"form": form, "ignored": len(asked) - len(chosen), "chosen": [by_slug[s] for s in chosen]}
    if chosen:
        context["causes"] = rank_causes([by_slug[s] for s in chosen])
        context["emergencies"] = [cause for cause in context["causes"] if cause["emergency"]]
    return render(request, "articles/navigator.html", context)


def rank_causes(chosen):
    """Conditions the live articles list as causes of the chosen symptoms, most shared first."""
    emergency = set(
        LiveMention.objects.filter(page__withdrawn=False, urgency="emergency").values_list("condition_slug", flat=True)
    )
    causes = {}
    for mention in (
        LiveMention.objects.filter(page__in=chosen).select_related("page").order_by("page__title", "position")
    ):
        cause = causes.setdefault(
            mention.condition_slug,
            {"slug": mention.condition_slug, "name": mention.name, "gloss": mention.gloss, "symptoms": []},
        )
        if mention.page not in cause["symptoms"]:
            cause["symptoms"].append(mention.page)
    for cause in causes.values():
        cause["emergency"] = cause["slug"] in emergency
    return sorted(causes.values(), key=lambda c: (-len(c["symptoms"]), not c["emergency"], c["name"].lower()))


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /review/
Disallow: /_nested_admin/
Disallow: /search/

Sitemap: {sitemap}
"""


@require_safe
def robots_txt(request):
    text = ROBOTS.format(sitemap=structured.absolute(reverse("sitemap")))
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
