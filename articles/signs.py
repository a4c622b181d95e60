"""The library of warning signs, read for the author checks (articles/checks.py) and the
admin: which wordings exist, and which are so close to a new one that they may be the
same sign worded twice."""

from difflib import SequenceMatcher

from django.db.models import Count

from .models import WarningSign

CLOSE_WORDING = 0.8  # difflib ratio above which two statements are taken for one sign worded twice
MAX_SHARED_SIGNS = 2000  # the most-given statements compared with an article's


def known_warning_signs(*, besides: int | None = None) -> list[str]:
    """The wordings of the shared warning signs (other than those article ``besides``
    gives), most given first, at most MAX_SHARED_SIGNS: for check_document(shared_signs=...)."""
    signs = WarningSign.objects.exclude(given__article_id=besides) if besides else WarningSign.objects.all()
    ranked = signs.annotate(given_by=Count("given")).order_by("-given_by", "text")
    return list(ranked.values_list("text", flat=True)[:MAX_SHARED_SIGNS])


def similar_signs(text: str, *, besides: int | None = None) -> list[str]:
    """The wordings of other warning signs (not sign ``besides``) so close to ``text``
    that they may be the same sign worded twice."""
    others = WarningSign.objects.exclude(pk=besides) if besides else WarningSign.objects.all()
    found = []
    for other in others.values_list("text", flat=True):
        matcher = SequenceMatcher(None, text, other)
        if matcher.quick_ratio() >= CLOSE_WORDING and matcher.ratio() >= CLOSE_WORDING:
            found.append(other)
    return found
