"""The review audit log: appending events to the sealed chain, anchoring its head outside
the database, and verifying the chain against the latest anchor."""

import datetime
import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article

from .models import AuditHead, ReviewEvent, Revision

ZERO_HASH = "0" * 64
Anchor = dict[str, Any]  # {"seq", "hash", "at"}: the chain's head at a moment


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def append_event(
    *,
    action: str,
    article: Article | None,
    actor: User | None = None,
    subject: User | None = None,
    revision: Revision | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    now: datetime.datetime | None = None,
    actor_name: str | None = None,
) -> ReviewEvent:
    """Append one event to the hash chain, inside the action's transaction when there is
    one: the locked head row serialises appends, so the chain has no forks. No savepoint
    of its own: an append that fails must fail the action it records."""
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().get_or_create(pk=1)[0]
        event = ReviewEvent(
            seq=head.seq + 1,
            action=action,
            actor=actor,
            actor_name=actor_name if actor_name is not None else display_name(actor),
            article=article,
            subject=subject,
            revision=revision,
            comment=comment,
            data=data or {},
            # UTC, as the database gives it back, so the hash verifies later.
            created_at=(now or timezone.now()).astimezone(datetime.UTC),
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
        return event


def verify_chain() -> tuple[str | None, int]:
    """Return (problem, events_checked); problem is None when every event is intact.

    Walks events in sequence: each must carry the previous event's hash, hash (HMAC with
    AUDIT_KEY) to its own stored value, and follow without a gap; the head row must name
    the last one. Removing events from the end and moving the head back cannot be told
    from the database alone: compare with an anchor (check_anchor)."""
    # The head first: every event up to it was committed with it, whatever is appended
    # while the walk goes on (read apart, a sign-off committing between looked like a cut).
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, ZERO_HASH)
    previous_hash, expected_seq, checked = ZERO_HASH, 1, 0
    for event in ReviewEvent.objects.filter(seq__lte=head_seq).order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return f"event #{expected_seq} is missing (next found is #{event.seq})", checked
        if event.prev_hash != previous_hash:
            return f"event #{event.seq} does not follow event #{event.seq - 1} (chain link altered)", checked
        if event.compute_hash() != event.hash:
            return f"event #{event.seq} was altered (its content no longer matches its seal)", checked
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if head_seq != checked or head_hash != previous_hash:
        return f"the log ends at #{checked} but the chain head records #{head_seq}: events were removed", checked
    if beyond := _past_the_head():
        return beyond, checked
    return None, checked


def _past_the_head() -> str | None:
    """Events the head does not reach (it was moved back), read with the head in one statement."""
    events, heads = ReviewEvent._meta.db_table, AuditHead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(seq), (SELECT seq FROM {heads} WHERE id = 1) FROM {events}"  # noqa: S608 - our own names
        )
        newest, head = cursor.fetchone()
    if newest is not None and newest > (head or 0):
        return f"event #{newest} lies past the chain head, which records #{head or 0}: the head was moved back"
    return None


def write_anchor(path: str | Path) -> Anchor:
    """Append the chain's head (sequence number, hash, time) to ``path``, a file outside
    the database, for check_anchor to compare against later."""
    head = AuditHead.objects.filter(pk=1).first()
    anchor = {
        "seq": head.seq if head else 0,
        "hash": head.hash if head else ZERO_HASH,
        "at": timezone.now().astimezone(datetime.UTC).isoformat(),
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as anchors:
        anchors.write(json.dumps(anchor, sort_keys=True) + "\n")
    return anchor


def latest_anchor(path: str | Path) -> Anchor | None:
    path = Path(path)
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    anchor: Anchor | None = json.loads(lines[-1]) if lines else None
    return anchor


def check_anchor(anchor: Anchor | None) -> str | None:
    """The chain must still hold the anchored event, with the anchored hash."""
    if anchor is None or anchor["seq"] == 0:
        return None
    event = ReviewEvent.objects.filter(seq=anchor["seq"]).values_list("hash", flat=True).first()
    if event is None:
        return f"event #{anchor['seq']}, anchored at {anchor['at']}, is gone: the log was cut back"
    if event != anchor["hash"]:
        return f"event #{anchor['seq']} no longer has the hash anchored at {anchor['at']}: the log was rewritten"
    return None
