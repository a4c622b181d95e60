"""The publication clock, announced in the shared cache, so a server process can tell
that nothing went live or was withdrawn since it last read a page's row, without asking
the database on every request.

The database row (PublicationClock) stays the truth. Beside it, the shared cache keeps a
number, the *generation*, that moves whenever the clock does: once inside the transaction
that moves the clock, and once after it commits. A reader reads the generation first and
the database second, and keeps what it read under the generation it saw; it may use that
again only while the generation is unchanged. A change that commits after the reader's
database read moves the generation after its commit, so the kept reading no longer
matches; one read before the change committed is kept under a generation that the commit
moves on. Either way, after a sign-off or withdrawal commits and its request returns,
every process reads the row again on its next request.

Only with a cache that every server process shares, or a deployment that says it runs one
process (WEB_CONCURRENCY=1): with a per-process cache behind several processes (which
`check --deploy` refuses), a generation would be seen by one process only, so readers
read the database every time, and pages stay correct whatever the cache.

When the cache is unavailable, or the number is missing (the cache was emptied or
restarted), readers read the database every time, as they do without this. A missing
number comes back as a random one, so it never matches a reading kept under an old
number (a counter restarting from 0 would). If announcing after a commit fails, readings
can be kept for at most HELD_SECONDS (public/publication_rows.py): the one case this gives up
against reading the database on every request, and it is logged.

Writes that move what pages show without moving the clock (raw SQL, a restore by hand)
must call announce() themselves, as tests that write rows directly do.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

KEY = "reviews:publication-generation"
# Cache backends whose entries only the process that wrote them can read.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


def shared() -> bool:
    """Whether every server process sees the generation: the cache is shared by all of
    them, or there is only one."""
    return settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES or settings.WEB_CONCURRENCY == 1


def generation() -> int | None:
    """The current generation, or None when readers must read the database (the cache is
    unavailable or not shared, or the number was missing: it is set again for the next
    request)."""
    if not shared():
        return None
    try:
        value = cache.get(KEY)
        if value is None:
            cache.add(KEY, _fresh(), timeout=None)
        return value if isinstance(value, int) else None
    except Exception:  # noqa: BLE001 - a cache that is down costs speed, never a page
        logger.warning("Cache unavailable; pages read the publication clock from the database.", exc_info=True)
        return None


def announce() -> None:
    """Move the generation on now, and again once the current transaction commits (now
    if there is none). Call where the publication clock moves."""
    if not shared():
        return
    _move()
    transaction.on_commit(_move_after_commit)


def _move_after_commit() -> None:
    if not _move():
        logger.error(
            "Could not announce a publication change in the shared cache; server processes may show "
            "the pages from before it for up to a few seconds."
        )


def _move() -> bool:
    try:
        try:
            cache.incr(KEY)
        except ValueError:  # missing: a new random number matches no reading kept before
            cache.set(KEY, _fresh(), timeout=None)
        return True
    except Exception:  # noqa: BLE001
        logger.warning("Cache unavailable; could not move the publication generation.", exc_info=True)
        return False


def _fresh() -> int:
    return secrets.randbits(62)
