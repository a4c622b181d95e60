"""The public review log: every sign-off and withdrawal, as a signed statement, is a leaf
of an append-only Merkle tree (RFC 9162, reviews/provenance/merkle.py), in the shape of
Certificate Transparency and Go's checksum database.

With each leaf the site makes a signed tree head: a checkpoint in the C2SP
tlog-checkpoint form (a signed note: origin, size, base64 root), signed with the site's
Ed25519 key. It serves the newest checkpoint, the leaves, inclusion proofs and
consistency proofs (api/transparency.py, docs/api-and-provenance.md), so that

- a reader checks that an article's statement is in the log (examples/verify_article.py),
  and is the newest for it (reading the log's leaves, ``--site``);
- a witness on another host keeps the checkpoints it has seen and fails on one that is
  not consistent with them: a log cut back or rewritten (examples/witness.py);
- the site itself serves a publication only while it agrees with the article's newest
  statement (Publication.is_authentic), so a publication row written back in SQL is refused.

Leaves are appended under the audit chain's head lock, in the transaction of the decision
they record, so the log has no forks and no decision is logged that did not happen.
"""

import base64
import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles.models import Article

from . import merkle, signing, statements
from .models import AuditHead, LogEntry, ReviewEvent, Revision, TreeHead

NOTE_ED25519 = b"\x01"  # the signed-note key type of Ed25519


def note_key_hash(name: str, raw_public_key: bytes) -> bytes:
    """The 4 bytes that name a key in a signed note's signature line."""
    return hashlib.sha256(name.encode() + b"\n" + NOTE_ED25519 + raw_public_key).digest()[:4]


def checkpoint_body(size: int, root: bytes) -> str:
    return f"{settings.REVIEW_LOG_ORIGIN}\n{size}\n{base64.b64encode(root).decode()}\n"


def signed_note(body: str) -> str:
    """``body`` as a signed note: a blank line, then one signature line per key (none
    without a signing key)."""
    lines = []
    if key := signing.signing_key():
        name = settings.REVIEW_LOG_ORIGIN
        tagged = note_key_hash(name, signing.raw_public_key(key)) + key.sign(body.encode())
        lines.append(f"\u2014 {name} {base64.b64encode(tagged).decode()}\n")
    return body + "\n" + "".join(lines)


def record(
    *,
    article: Article,
    revision: Revision,
    decision: str,
    event: ReviewEvent,
    content_hash: str,
    slug: str,
    last_reviewed: datetime.date,
    next_review_due: datetime.date,
    reviewer: dict[str, str] | None = None,
    withdrawn_by: str | None = None,
) -> LogEntry:
    """Append the statement of ``decision`` (recorded by the audit ``event``) to the log
    and make the new tree head, in the caller's transaction."""
    AuditHead.objects.select_for_update().get_or_create(pk=1)  # serialises appends
    previous = (
        LogEntry.objects.filter(article=article, language="").order_by("-index").values_list("leaf_hash", flat=True)
    )
    index = LogEntry.objects.count()
    payload = statements.statement(
        slug=slug,
        content_hash=content_hash,
        article_id=article.pk,
        revision=revision.number,
        decision=decision,
        at=event.created_at,
        reviewer=reviewer,
        withdrawn_by=withdrawn_by,
        last_reviewed=last_reviewed,
        next_review_due=next_review_due,
        supersedes=previous.first(),
        audit_event=(event.seq, event.hash),
    )
    return _append(index, article, revision, decision, statements.canonical(statements.envelope(payload)))


def record_translation(*, article: Article, source: Revision, language: str, payload: dict[str, Any]) -> LogEntry:
    """Append the statement of a translation's approval (statements.translation_statement,
    ``payload`` without its ``supersedes``) to the log, after the previous statement of the
    article's translation into ``language``, and make the new tree head."""
    AuditHead.objects.select_for_update().get_or_create(pk=1)  # serialises appends
    previous = LogEntry.objects.filter(article=article, language=language).order_by("-index")
    payload["predicate"]["supersedes"] = previous.values_list("leaf_hash", flat=True).first()
    leaf = statements.canonical(statements.envelope(payload))
    return _append(LogEntry.objects.count(), article, source, statements.APPROVED, leaf, language=language)


def _append(
    index: int, article: Article, revision: Revision, decision: str, leaf: bytes, language: str = ""
) -> LogEntry:
    now = timezone.now()
    entry = LogEntry.objects.create(
        index=index,
        article=article,
        revision=revision,
        decision=decision,
        language=language,
        envelope=leaf.decode(),
        leaf_hash=merkle.leaf_hash(leaf).hex(),
        created_at=now,
    )
    root = merkle.root(leaf_hashes())
    TreeHead.objects.create(
        size=index + 1, root_hash=root.hex(), checkpoint=signed_note(checkpoint_body(index + 1, root)), created_at=now
    )
    return entry


def leaf_hashes(size: int | None = None) -> list[bytes]:
    """The leaf hashes of the first ``size`` leaves (all of them by default)."""
    rows = LogEntry.objects.order_by("index").values_list("leaf_hash", flat=True)
    return [bytes.fromhex(value) for value in (rows if size is None else rows[:size])]


def newest_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-size").first()


@dataclass(frozen=True)
class Inclusion:
    index: int
    tree_size: int
    proof: list[bytes]
    checkpoint: str

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "tree_size": self.tree_size,
            "inclusion_proof": [base64.b64encode(node).decode() for node in self.proof],
            "checkpoint": self.checkpoint,
        }


def inclusion(index: int, size: int, checkpoint: str) -> Inclusion | None:
    """Leaf ``index``'s inclusion proof in the tree of ``size`` leaves (one query), which
    ``checkpoint`` signs."""
    if not 0 <= index < size:
        return None
    leaves = leaf_hashes(size)
    if len(leaves) < size:
        return None
    return Inclusion(index, size, merkle.inclusion_proof(leaves, index), checkpoint)


def consistency(first: int, second: int) -> list[bytes] | None:
    """The consistency proof between two tree sizes the log has had, or None."""
    if not 0 < first <= second or not TreeHead.objects.filter(size=second).exists():
        return None
    return merkle.consistency_proof(leaf_hashes(second), first)


def verify_log(keys: dict[str, bytes]) -> list[str]:
    """Everything wrong with the log: leaves out of sequence or not hashing to their leaf
    hash, statements whose signature fails or whose audit event is gone or different,
    publishing events since the log began that no statement records, and tree heads
    whose root or checkpoint is not the tree's."""
    found: list[str] = []
    hashes: list[bytes] = []
    named: dict[int, tuple[LogEntry, str | None]] = {}
    first_at = None
    for position, entry in enumerate(LogEntry.objects.order_by("index").iterator(chunk_size=500)):
        if entry.index != position:
            found.append(f"review log: leaf #{position} is missing (next is #{entry.index})")
            break
        first_at = first_at or entry.created_at
        if merkle.leaf_hash(entry.envelope.encode()).hex() != entry.leaf_hash:
            found.append(f"review log: leaf #{entry.index} does not hash to its leaf hash (its statement was changed)")
        if keys and (problems := statements.problems(entry.envelope, keys)):
            found.append(f"review log: leaf #{entry.index}: " + "; ".join(problems))
        try:
            predicate = statements.read(entry.envelope)["predicate"]
            named[predicate["audit_event"]] = (entry, predicate.get("audit_hash"))
        except (ValueError, KeyError, TypeError):
            found.append(f"review log: leaf #{entry.index} is not a review statement")
        hashes.append(bytes.fromhex(entry.leaf_hash))
    found += _audit_events_agree(named, first_at)
    for head in TreeHead.objects.order_by("size").iterator(chunk_size=500):
        if head.size > len(hashes):
            found.append(f"review log: tree head {head.size} names leaves the log no longer has (cut back?)")
            continue
        root = merkle.root(hashes[: head.size])
        if root.hex() != head.root_hash or not head.checkpoint.startswith(checkpoint_body(head.size, root)):
            found.append(f"review log: tree head {head.size} is not the root of the log's first {head.size} leaves")
        elif keys and not checkpoint_signed(head.checkpoint, keys):
            found.append(f"review log: the checkpoint at size {head.size} is not signed by a published key")
    return found


def _audit_events_agree(named: dict[int, tuple[LogEntry, str | None]], first_at: datetime.datetime | None) -> list[str]:
    """Each leaf's audit event is there, with the link hash the leaf states, about the
    same article, revision and decision; each publishing event since the first leaf was
    written is named by a leaf. So the public log anchors the audit chain: cutting the
    chain's end back past a sign-off, or rewriting it, is found."""
    found = []
    actions = {"approve": statements.APPROVED, "confirm": statements.CONFIRMED, "withdraw": statements.WITHDRAWN,
               "translation_approve": statements.APPROVED}  # fmt: skip
    rows = ReviewEvent.objects.filter(Q(action__in=list(actions)) | Q(seq__in=list(named))).order_by("seq")
    seen = dict.fromkeys(named, False)
    for seq, action, article, revision, created_at, link in rows.values_list(
        "seq", "action", "article_id", "revision_id", "created_at", "hash"
    ).iterator(chunk_size=2000):
        if seq not in named:
            if first_at is not None and created_at >= first_at:
                found.append(f"review log: audit event #{seq} ({action}) has no statement in the log")
            continue
        (entry, stated_hash), seen[seq] = named[seq], True
        if (entry.article_id, entry.revision_id, entry.decision) != (article, revision, actions.get(action)):
            found.append(f"review log: leaf #{entry.index} does not say what audit event #{seq} recorded")
        elif stated_hash is not None and stated_hash != link:
            found.append(f"review log: audit event #{seq} is not the event leaf #{entry.index} saw (rewritten?)")
    found += [
        f"review log: leaf #{named[seq][0].index} names audit event #{seq}, which is gone (the audit log was cut?)"
        for seq, there in seen.items()
        if not there
    ]
    return found


def checkpoint_signed(note: str, keys: dict[str, bytes]) -> bool:
    """Whether a signature line of ``note`` verifies with one of ``keys``."""
    body, _, signature_lines = note.partition("\n\n")
    body += "\n"
    name = settings.REVIEW_LOG_ORIGIN
    by_hash = {note_key_hash(name, raw): raw for raw in keys.values()}
    for line in signature_lines.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or parts[1] != name:
            continue
        try:
            tagged = base64.b64decode(parts[2], validate=True)
        except ValueError:
            continue
        raw = by_hash.get(tagged[:4])
        if raw and signing.verify(body.encode(), base64.b64encode(tagged[4:]).decode(), raw):
            return True
    return False
