from typing import Any

from django.core.validators import slug_unicode_re
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import queries, search
from ..care import care_for
from ..forms import MAX_FILTER_LENGTH, NavigatorForm

MAX_CHOICES = 50
MAX_MATCHES = 30  # symptoms offered for a name typed in the box
MAX_LISTED = 60  # a site with at most this many symptoms shows them all, with no box
MAX_CAUSES = 50  # possible causes shown, best first
FIRST_SHOWN = 8  # warning signs of a tier shown before "show all"


@require_safe
def navigator(request):
    """Pick symptoms, see when to get help and what could cause them. Readers of a small
    site tick from the whole list; with more symptoms than MAX_LISTED they find them by
    name, a bounded list at a time, and what they ticked comes back ticked."""
    asked = list(dict.fromkeys(request.GET.getlist("s")))[:MAX_CHOICES]
    # What cannot be a symptom's address (a NUL, which PostgreSQL refuses) is ignored unread.
    chosen = queries.symptoms(slugs=[slug for slug in asked if slug_unicode_re.match(slug)])
    named, _ = search.clean_query(request.GET.get("q"), limit=MAX_FILTER_LENGTH)
    if named:
        offered = queries.symptoms(containing=named, limit=MAX_MATCHES + 1)
    else:
        offered = queries.symptoms(limit=MAX_LISTED + 1)
    finding = bool(named) or len(offered) > MAX_LISTED
    ticked = {page.pk for page in chosen}
    found = [page for page in offered[:MAX_MATCHES] if page.pk not in ticked] if named else []
    boxes = chosen + found if finding else offered
    context: dict[str, Any] = {
        "form": NavigatorForm(initial={"q": named}) if finding else None,
        "boxes": [(page.slug, page.title, page.pk in ticked) for page in boxes],
        "ignored": len(asked) - len(chosen),
        "chosen": chosen,
        "named": named,
        "matches": len(offered) if named else 0,
        "max_matches": MAX_MATCHES,
    }
    if chosen:
        care = care_for(chosen)
        # A few signs first, the rest behind "show all": emergency first, then urgent.
        context["care"] = {
            tier: {"first": signs[:FIRST_SHOWN], "more": signs[FIRST_SHOWN:], "total": len(signs)}
            for tier, signs in care.items()
        }
        causes = queries.rank_causes(chosen)
        context.update(causes=causes[:MAX_CAUSES], more_causes=len(causes) - MAX_CAUSES)
    return render(request, "public/navigator.html", context)
