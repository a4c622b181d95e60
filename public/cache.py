"""The shared cache, used so that a cache that is down costs speed, never a page.

Redis going away makes every cache call raise; readers must still get their page
(rendered from the database) and the report form must say "try later", not fail.
"""

import logging
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)


def get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - any backend failure means "not cached"
        logger.warning("Cache unavailable; serving from the database.", exc_info=True)
        return None


def set(key: str, value: Any, timeout: int) -> None:  # noqa: A001 - mirrors cache.set
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:  # noqa: BLE001
        logger.warning("Cache unavailable; the page was not stored.", exc_info=True)


def count(key: str, period: int) -> int | None:
    """Add one to the counter ``key`` (expiring after ``period`` seconds) and return it,
    or None when the cache is unavailable."""
    try:
        cache.add(key, 0, timeout=period)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period)
            return 1
    except Exception:  # noqa: BLE001
        logger.warning("Cache unavailable; cannot count reports.", exc_info=True)
        return None
