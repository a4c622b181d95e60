from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=8192)
def _cached_path(prefix, language, name, slug):
    return reverse(name, args=[slug])


def slug_path(name, slug):
    """reverse(name, args=[slug]), memoised: an article page links dozens of conditions,
    and resolving each through the URL resolver was the largest cost of rendering it. Per
    language: a Spanish page's addresses start with /es/."""
    return _cached_path(get_script_prefix(), get_language(), name, slug)
