"""What the article page reads on every request, kept in the process between sign-offs.

The article page's validators come from a few small columns of its Publication row and
the publication clock (the "head"). A process keeps each head it reads under the
publication generation it saw before reading it (reviews/clock_mirror.py), and uses it
again while the generation is unchanged, so a cached article is served with no database
query at all: one small read of the shared cache, the rendering and its compressed bytes
from this process (public/cache.py, symptomsite/compression.py). A sign-off or
withdrawal anywhere moves the generation once it commits, and every process reads the
row again on its next request. A kept head is also read again after HELD_SECONDS, which
bounds what a failed announcement or a write that does not move the clock can leave.
"""

import time
from typing import TYPE_CHECKING

from articles.memo import BoundedMemo
from reviews import clock_mirror
from reviews.models import Publication

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from reviews.models import PublicationClock

# The row's small columns: not the history, signature or title, which the page needs only
# when it is rendered.
HEAD_FIELDS = ("revision_id", "content_hash", "last_reviewed", "next_review_due", "withdrawn_at")
HELD_SECONDS = 5.0
HEAD_SIZE = 1  # entries are counted, not weighed: a head is a few hundred bytes
_heads = BoundedMemo(max_bytes=20_000)


def article_head(slug: str) -> "WithAnnotations[Publication, PublicationClock.Reading] | None":
    """The publication at ``slug`` with HEAD_FIELDS and the clock (see
    Publication.objects.shown_by_slug), or None: from this process's copy while the
    generation it was read under is current, else from the database."""
    generation = clock_mirror.generation()
    if generation is not None:
        kept = _heads.get(slug)
        if kept is not None and kept[0] == generation and kept[1] > time.monotonic():
            return kept[2]
    head = Publication.objects.shown_by_slug(slug, fields=HEAD_FIELDS)
    if generation is not None and head is not None:
        _heads.put(slug, (generation, time.monotonic() + HELD_SECONDS, head), HEAD_SIZE)
    return head


def forget() -> None:
    """Drop this process's heads (tests that edit rows without moving the clock)."""
    _heads.clear()
