from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from reviews.readmodel.search import translated

from .. import search
from ..languages import in_every_language


def page_number(raw: str | None) -> int | None:
    """The page asked for, or None if ``raw`` is not a page number (the page then says
    so and shows the first page). Past the last page means the last page."""
    if raw is None or raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw[:12]) or None  # a longer number is past the end anyway


@require_safe
@in_every_language
def search_view(request):
    query, was_cut = search.clean_query(request.GET.get("q", ""))
    if get_language() != settings.LANGUAGE_CODE:
        return _in_language(request, query, was_cut)
    context = {"query": query, "was_cut": was_cut, "max_length": search.MAX_QUERY_LENGTH}
    if query and not search.terms(query):
        context["problem"] = gettext(
            "Your search has no letters or numbers in it. Try a symptom or a condition, such as “cramps”."
        )
    elif query and not search.content_words(query):
        context["problem"] = gettext("Add a word that says what you feel or what you are looking for, such as “dizzy”.")
    elif query:
        asked = page_number(request.GET.get("page"))
        results = search.search(query, page=min(asked or 1, search.MAX_COUNTED))
        context.update(
            results=results,
            hits=[(publication, publication.snippet) for publication in results.articles],  # type: ignore[attr-defined]
            leading=[(publication, publication.snippet) for publication in results.leading],  # type: ignore[attr-defined]
            rest=[(publication, publication.snippet) for publication in results.rest],  # type: ignore[attr-defined]
            total=results.total,
            counted=f"{search.MAX_COUNTED:,}",
            page_moved=asked is None or (results.total > 0 and asked != results.page_number),
            asked=request.GET.get("page", "")[:20],
        )
    return render(request, "public/search.html", context)


def _in_language(request, query: str, was_cut: bool):
    """Search in the request's language: the live translations that hold the words."""
    context = {"query": query, "was_cut": was_cut, "max_length": search.MAX_QUERY_LENGTH}
    if query and not search.terms(query):
        context["problem"] = gettext(
            "Your search has no letters or numbers in it. Try a symptom or a condition, such as “cramps”."
        )
    elif query and not translated.words(query, get_language()):
        context["problem"] = gettext("Add a word that says what you feel or what you are looking for, such as “dizzy”.")
    elif query:
        context["results"] = translated.search(query, get_language())
    return render(request, "public/search_translated.html", context)
