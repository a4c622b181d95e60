"""An article in another language (/es/symptoms/<slug>/): the signed translation, checked
like the English page is, and never presented as current when the English advice on when
to get help has changed since (invariant 14).

The page reads the translation's row and the English publication: whether the
translation is stale, and whether its "when to get help" advice is still the English's,
are worked out here from what both signed, not taken from the stored flags, so a row
written back in SQL cannot hide that the English moved on.
"""

import logging
from itertools import groupby
from typing import Any

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language

from reviews.readmodel import translations
from reviews.readmodel.models import Publication, PublicationClock, TranslationPublication
from reviews.readmodel.search.translated import fold

from .. import cache as page_cache
from .. import http, queries
from ..paths import slug_path
from ..rendering import render_article

logger = logging.getLogger(__name__)
# What a row's seal covers: read to check it before anything of the row is shown.
SEAL_FIELDS = ("article_id", "seal", "last_reviewed", "stale_since", "withdrawn_at", *TranslationPublication.SEALED)
PAGE_CACHE_SECONDS = 24 * 3600


def detail(request, slug):
    """The article at ``slug`` in the request's language."""
    language = get_language()
    row: Any = (  # with the clock's annotations
        TranslationPublication.objects.annotate(**PublicationClock.annotations())
        .filter(language=language, slug=slug, withdrawn_at__isnull=True)
        .first()
    )
    english = (
        Publication.objects.filter(article_id=row.article_id).only(*Publication.SHOWN_FIELDS).first() if row else None
    )
    if row is None or english is None:
        if Publication.objects.public().filter(slug=slug).exists():
            return HttpResponseRedirect(slug_path_in_english(slug))  # not translated (yet)
        raise Http404("No article has this address.")
    validators = http.Validators.of(
        (
            language,
            row.pk,
            row.content_hash,
            row.seal,
            english.content_hash,
            english.withdrawn_at,
            row.clock,
            row.clock_changed_at,
        ),  # fmt: skip
        last_modified=row.clock_changed_at,
    )
    if (early := http.not_modified(request, validators)) is not None:
        return early
    if english.withdrawn:
        return http.cacheable(render(request, "public/withdrawn.html", {"page": row}, status=410), validators)
    key = f"article-page:{language}:" + validators.etag.strip('"')
    html = page_cache.get_immutable(key)
    if html is None:
        response = _render(request, row, english)
        if response.status_code != 200:
            return response
        html = response.content
        page_cache.set_immutable(key, html, timeout=PAGE_CACHE_SECONDS)
    return http.cacheable(HttpResponse(html), validators)


def slug_path_in_english(slug: str) -> str:
    with translation.override(None):
        return slug_path("public:detail", slug)


def _render(request, row: TranslationPublication, english: Publication) -> HttpResponse:
    reading = translations.read(row, english)
    if reading is None:
        response = render(request, "public/unavailable.html", {"page": row}, status=503)
        response["Cache-Control"] = "no-store"
        return response
    english_url = slug_path_in_english(english.slug)
    if reading.held_back:  # the advice on when to get help changed: the old advice is never shown as current
        context = {"page": row, "english_url": english_url, "changed_on": reading.changed_on}
        return render(request, "public/held_back.html", context)
    return render_article(
        request,
        reading.snapshot,
        publication=english,
        translation=row,
        notice={"stale": reading.stale, "changed_on": reading.changed_on, "english_url": english_url},
    )


def home(request):
    """The articles readers can read in the request's language, A to Z."""
    rows = (
        TranslationPublication.objects.offered()
        .filter(language=get_language())
        .only(
            "slug",
            "title",
            "question",
            "lead",
            "seal",
            "article_id",
            "language",
            "revision_id",
            "content_hash",
            "source_hash",
            "reviewer_name",
            "reviewer_credentials",
            "reviewer_slug",
            "translators",
            "last_reviewed",
            "stale_since",
            "stale_source_hash",
            "care_changed",
            "withdrawn_at",
            "statement",
        )  # fmt: skip
        .order_by("title")
    )
    shown = [row for row in rows if row.seal_intact()]
    return render(request, "public/home_translated.html", {"pages": shown})


def index(request):
    """The articles readers can read in the request's language, A to Z on one page (a
    title's letter is its first without accents: "Úlcera" under U)."""
    rows = [row for row in _offered_here().only("slug", "title", "question", *SEAL_FIELDS) if row.seal_intact()]
    rows.sort(key=lambda row: fold(row.title))
    by_letter = [
        (letter, queries.letter_anchor(letter), list(group))
        for letter, group in groupby(rows, key=lambda row: queries.first_letter(fold(row.title)))
    ]
    counts = {letter: (len(pages), None) for letter, _, pages in by_letter}
    context = {
        "total": len(rows),
        "by_letter": by_letter,
        "letters": queries.letter_nav(counts, "public:index_letter", anchors=True),
    }
    return render(request, "public/index.html", context)


def _offered_here():
    return TranslationPublication.objects.offered().filter(language=get_language())
