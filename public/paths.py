from functools import lru_cache

from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=8192)
def _cached_path(prefix, name, slug):
    return reverse(name, args=[slug])


def slug_path(name, slug):
    """reverse(name, args=[slug]), memoised: an article page links dozens of conditions,
    and resolving each through the URL resolver was the largest cost of rendering it."""
    return _cached_path(get_script_prefix(), name, slug)
