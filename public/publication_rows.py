"""The article page's publication row, kept in the process between sign-offs.

The article page's validators come from a few small columns of its Publication row and
the publication clock. A process keeps each row it reads under the publication
generation it saw before reading it (reviews/readmodel/clock.py), and uses it again
while the generation is unchanged, so a cached article is served with no database query
at all: one small read of the shared cache, the rendering and its compressed bytes from
this process (public/cache.py, symptomsite/compression.py). A sign-off or withdrawal
anywhere moves the generation once it commits, and every process reads the row again on
its next request. A kept row is also read again after HELD_SECONDS, which bounds what a
failed announcement or a write that does not move the clock can leave.
"""

import time
from typing import TYPE_CHECKING

from reviews.readmodel import clock
from reviews.readmodel.models import Publication

from . import edge
from .lru import BoundedLRU

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from reviews.readmodel.models import PublicationClock

# The row's small columns the page's validators are made of: not the history, signature
# or title, which the page needs only when it is rendered.
VALIDATOR_FIELDS = ("revision_id", "content_hash", "last_reviewed", "next_review_due", "withdrawn_at")
HELD_SECONDS = 5.0
ROW_SIZE = 1  # entries are counted, not weighed: a row is a few hundred bytes
_rows = BoundedLRU(max_bytes=20_000)


def article_row(slug: str) -> "WithAnnotations[Publication, PublicationClock.Reading] | None":
    """The publication at ``slug`` with VALIDATOR_FIELDS and the clock (see
    Publication.objects.shown_by_slug), or None: from this process's copy while the
    generation it was read under is current, else from the database."""
    generation = clock.generation()
    if generation is not None:
        kept = _rows.get(slug)
        if kept is not None and kept[0] == generation and kept[1] > time.monotonic():
            edge.made_from(getattr(kept[2], "clock", None))  # read at an earlier clock, maybe
            return kept[2]
    row = Publication.objects.shown_by_slug(slug, fields=VALIDATOR_FIELDS)
    if generation is not None and row is not None:
        _rows.put(slug, (generation, time.monotonic() + HELD_SECONDS, row), ROW_SIZE)
    return row


def forget() -> None:
    """Drop this process's rows (tests that edit rows without moving the clock)."""
    _rows.clear()
