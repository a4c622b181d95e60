from typing import Any

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import search

RESULTS_PER_PAGE = 10


@require_safe
def search_view(request):
    query, was_cut = search.clean_query(request.GET.get("q", ""))
    context: dict[str, Any] = {"query": query, "was_cut": was_cut, "max_length": search.MAX_QUERY_LENGTH}
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
            result.snippet = search.snippet(result, context.get("showing_for", query))  # type: ignore[attr-defined]
        context.update(page=page, total=len(results))
    return render(request, "public/search.html", context)
