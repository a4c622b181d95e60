""" "Did you mean", the same on both databases: the reviewed word a misspelt word is
closest to by difflib's ratio, among the terms that start with the same letter and are
within two letters of its length (an index range on the unique term column, never the
whole table). PostgreSQL adds the terms most alike by trigrams (postgres.py), of any
length.
"""

from difflib import SequenceMatcher

from django.db.models.functions import Length

from ..models import SearchTerm

# How alike a respelling must be: one letter changed in a four-letter word ("acne",
# "ache") is 0.75, too far to offer; "atrofy" and "atrophy" are 0.77, "bak" and "back"
# 0.86, "musle" and "muscle" 0.91.
CLOSE_ENOUGH = 0.76
MAX_CANDIDATES = 2000  # terms compared with a misspelt word, at most


def alike_in_length(word: str) -> list[str]:
    first = word[0]
    return list(
        SearchTerm.objects.filter(term__gte=first, term__lt=chr(ord(first) + 1))
        .annotate(size=Length("term"))
        .filter(size__gte=len(word) - 2, size__lte=len(word) + 2)
        .values_list("term", flat=True)[:MAX_CANDIDATES]
    )


def closest_of(word: str, candidates: list[str]) -> str | None:
    """The candidate closest to ``word`` if it is close enough (on a tie, the first)."""
    best, best_ratio = None, 0.0
    for term in candidates:
        ratio = SequenceMatcher(None, word, term).ratio()
        if ratio >= CLOSE_ENOUGH and ratio > best_ratio:
            best, best_ratio = term, ratio
    return best
