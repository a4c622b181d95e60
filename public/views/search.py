from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import search

RESULTS_PER_PAGE = 10


@require_safe
def search_view(request):
    query, was_cut = search.clean_query(request.GET.get("q", ""))
    context = {"query": query, "was_cut": was_cut, "max_length": search.MAX_QUERY_LENGTH}
    if query and not search.terms(query):
        context["problem"] = (
            "Your search has no letters or numbers in it. Try a symptom or a condition, such as “cramps”."
        )
    elif query and not search.content_words(query):
        context["problem"] = "Add a word that says what you feel or what you are looking for, such as “dizzy”."
    elif query:
        results = search.search(query)
        page = Paginator(results.articles, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        matched = results.showing_for or query
        context.update(
            results=results,
            page=page,
            hits=[(publication, search.snippet(publication, matched)) for publication in page],
            total=len(results.articles),
        )
    return render(request, "public/search.html", context)
