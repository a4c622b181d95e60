"""Public pages. They read published content only and carry no per-reader state
(no session, no CSRF token), so a rendered page can be cached as it is."""

from itertools import groupby

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .document import build_document, document_queryset, linked_article_slugs
from .models import Article, Category, Condition, Entry

RECENT_COUNT = 8


def _first_letter(title):
    letter = title[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


@require_safe
def home(request):
    categories = Category.objects.annotate(article_count=Count("articles", filter=Q(articles__published=True))).filter(
        article_count__gt=0
    )
    recent = Article.objects.public().order_by("-updated_at", "title")[:RECENT_COUNT]
    return render(request, "articles/home.html", {"categories": categories, "recent": recent})


@require_safe
def index(request):
    articles = Article.objects.public().order_by("title").only("slug", "title", "question")
    by_letter = [(letter, list(items)) for letter, items in groupby(articles, key=lambda a: _first_letter(a.title))]
    present = {letter for letter, _ in by_letter}
    letters = [(letter, letter in present) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    return render(request, "articles/index.html", {"by_letter": by_letter, "letters": letters})


def render_article(request, article, *, preview=False):
    document = build_document(article)
    linked = linked_article_slugs(document)
    public_links = set(Article.objects.public().filter(slug__in=linked).values_list("slug", flat=True))
    return render(
        request,
        "articles/detail.html",
        {"doc": document, "public_links": public_links, "preview": preview},
    )


@require_safe
def detail(request, slug):
    article = get_object_or_404(document_queryset().public(), slug=slug)
    return render_article(request, article)


@require_safe
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    articles = category.articles.public().order_by("title")
    return render(request, "articles/category.html", {"category": category, "articles": articles})


@require_safe
def condition(request, slug):
    condition = get_object_or_404(Condition, slug=slug)
    mentions = (
        Entry.objects.filter(condition=condition, group__section__article__published=True)
        .select_related("group__section__article")
        .order_by("group__section__article__title", "group__section__order", "group__order")
    )
    listed = [
        (article, [entry.group for entry in entries])
        for article, entries in groupby(mentions, key=lambda e: e.group.section.article)
    ]
    return render(request, "articles/condition.html", {"condition": condition, "listed": listed})
