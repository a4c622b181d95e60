"""Readers' pages and counters in the shared cache: a cache that is down costs speed,
never a page.

Redis going away makes every cache call raise; readers must still get their page
(rendered from the database, reviews/readmodel/shared_cache.py) and the report form must
say "try later", not fail.
"""

import logging
import time

from django.core.cache import cache

from reviews.readmodel import shared_cache

from .lru import BoundedLRU

logger = logging.getLogger(__name__)

# Renderings whose key names everything they are made of (a content-derived ETag): a copy
# in the process saves the shared cache's round trip on every request, and can never be
# stale, since a different page has a different key. Bounded in bytes, least recently
# used first out.
_local = BoundedLRU(max_bytes=4 * 1024 * 1024)


def get_immutable(key: str) -> bytes | None:
    """The bytes stored under ``key`` with set_immutable, from this process's copy when it
    has one (and it has not expired), else from the shared cache."""
    found = _local.get(key)
    if found is not None:
        expires, value = found
        if expires > time.monotonic():
            return value
    value = shared_cache.get(key, bytes)
    if value is not None:
        _local.put(key, (time.monotonic() + IMMUTABLE_LOCAL_SECONDS, value), len(value))
        return value
    return None


def set_immutable(key: str, value: bytes, timeout: int) -> None:
    """Store ``value`` under a key that names everything it is made of (so no entry needs
    deleting when content changes): in the shared cache and in this process."""
    shared_cache.set(key, value, timeout)
    _local.put(key, (time.monotonic() + min(timeout, IMMUTABLE_LOCAL_SECONDS), value), len(value))


def forget_local() -> None:
    """Drop this process's copies (the tests, whose databases reuse ids and clock values)."""
    _local.clear()


# What the key cannot name (a template edited without a new RELEASE) is bounded by the
# shared cache's timeout; a process's copy is checked against the shared cache this often.
IMMUTABLE_LOCAL_SECONDS = 3600


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
