from typing import Any

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import queries
from ..forms import NavigatorForm

MAX_CHOICES = 50


@require_safe
def navigator(request):
    symptoms = {page.slug: page for page in queries.symptoms()}
    asked = list(dict.fromkeys(request.GET.getlist("s")))[:MAX_CHOICES]
    chosen = [symptoms[slug] for slug in asked if slug in symptoms]
    form = NavigatorForm(initial={"s": [p.slug for p in chosen]}, choices=[(s, p.title) for s, p in symptoms.items()])
    context: dict[str, Any] = {"form": form, "ignored": len(asked) - len(chosen), "chosen": chosen}
    if chosen:
        context["care"] = queries.care_for(chosen)
        context["causes"] = queries.rank_causes(chosen)
    return render(request, "public/navigator.html", context)
