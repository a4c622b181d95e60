"""Seals: HMAC-SHA256 with AUDIT_KEY, a secret kept outside the database.

The audit chain, every revision, every sign-off and every publication carry one, so that
someone with database access alone cannot change what a reviewer signed, or what
readers get, and make the records agree again: they would need the key too.
"""

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings


def seal(kind: str, payload: dict[str, Any]) -> str:
    """The seal of ``payload`` (JSON-serialisable) as a record of ``kind``."""
    message = kind.encode() + b"\0" + json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()
    return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()


def intact(kind: str, payload: dict[str, Any], stored: str) -> bool:
    return hmac.compare_digest(seal(kind, payload), stored or "")


def utc(moment: datetime.datetime) -> str:
    """A moment as the database gives it back (UTC, microseconds), whatever zone it was made in."""
    return moment.astimezone(datetime.UTC).isoformat()


def revision_payload(revision: Any) -> dict[str, Any]:
    return {
        "article": revision.article_id,
        "number": revision.number,
        "content_hash": revision.content_hash,
        "created_by": revision.created_by_id,
        "created_at": utc(revision.created_at),
    }


def signoff_payload(signoff: Any) -> dict[str, Any]:
    return {
        "revision": signoff.revision_id,
        "reviewer": signoff.reviewer_id,
        "profile": signoff.profile_id,
        "reviewer_name": signoff.reviewer_name,
        "credentials": signoff.credentials,
        "decision": signoff.decision,
        "comment": signoff.comment,
        "content_hash": signoff.content_hash,
        "signed_at": utc(signoff.signed_at),
    }


def publication_payload(publication: Any) -> dict[str, Any]:
    return {
        "article": publication.article_id,
        "revision": publication.revision_id,
        "content_hash": publication.content_hash,
        "last_reviewed": publication.last_reviewed.isoformat(),
        "next_review_due": publication.next_review_due.isoformat(),
        "withdrawn_at": utc(publication.withdrawn_at) if publication.withdrawn_at else None,
        "reviewer_name": publication.reviewer_name,
        "reviewer_credentials": publication.reviewer_credentials,
    }


def chain_hash(content: str) -> str:
    """The audit chain's link: the seal of one event's canonical content."""
    return hmac.new(settings.AUDIT_KEY.encode(), content.encode(), hashlib.sha256).hexdigest()


def revision_is_authentic(revision: Any) -> bool:
    """The snapshot is what was submitted: it hashes to the content hash the seal vouches for."""
    from articles.document import document_hash

    return document_hash(revision.snapshot) == revision.content_hash and intact(
        "revision", revision_payload(revision), revision.seal
    )


def publication_is_authentic(publication: Any, snapshot: dict) -> bool:
    """``snapshot`` is what a reviewer signed off for ``publication``: it hashes to the
    content hash, and the publication's seal vouches for that hash."""
    from articles.document import document_hash

    return document_hash(snapshot) == publication.content_hash and intact(
        "publication", publication_payload(publication), publication.seal
    )
