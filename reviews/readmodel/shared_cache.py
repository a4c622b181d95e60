"""The shared cache as readers' pages, the API and the workspace use it: a cache that is
down costs speed, never a page, and a value is used only if it has the type its caller
stored (in Redis only integers are stored unsigned: symptomsite/redis_cache.py)."""

import logging
from typing import Any, TypeVar

from django.core.cache import cache

logger = logging.getLogger(__name__)

T = TypeVar("T")


def get(key: str, kind: type[T]) -> T | None:
    """The ``kind`` stored under ``key``, or None: not cached, not a ``kind``, or the
    cache unavailable."""
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - any backend failure means "not cached"
        logger.warning("Cache unavailable; reading the database instead.", exc_info=True)
        return None
    return value if isinstance(value, kind) else None


def set(key: str, value: Any, timeout: int) -> None:  # noqa: A001 - mirrors cache.set
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:  # noqa: BLE001
        logger.warning("Cache unavailable; the value was not stored.", exc_info=True)
