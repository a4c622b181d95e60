"""Verification of the review audit log's hash chain."""

from .models import AuditHead, ReviewEvent

ZERO_HASH = "0" * 64


def verify_chain():
    """Return (problem, events_checked); problem is None when every event is intact.

    Walks events in sequence: each must carry the previous event's hash, hash to its own
    stored value, and follow without a gap; the head row must name the last one, so a
    removed final event is caught too."""
    previous_hash, expected_seq, checked = ZERO_HASH, 1, 0
    for event in ReviewEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return f"event #{expected_seq} is missing (next found is #{event.seq})", checked
        if event.prev_hash != previous_hash:
            return f"event #{event.seq} does not follow event #{event.seq - 1} (chain link altered)", checked
        if event.compute_hash() != event.hash:
            return f"event #{event.seq} was altered (its content no longer matches its hash)", checked
        previous_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, ZERO_HASH)
    if head_seq != checked or head_hash != previous_hash:
        return f"the log ends at #{checked} but the chain head records #{head_seq}: events were removed", checked
    return None, checked
