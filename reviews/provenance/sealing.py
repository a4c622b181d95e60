"""Seals: HMAC-SHA256 with AUDIT_KEY, a secret kept outside the database.

The audit chain, every revision, every sign-off and every publication carry one, so that
someone with database access alone cannot change what a reviewer signed, or what
readers get, and make the records agree again: they would need the key too. Each sealed
model says what its seal covers (``seal_payload()``).
"""

import datetime
import hashlib
import hmac
import json
from typing import Any, Self

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


def chain_hash(content: str) -> str:
    """The audit chain's link: the seal of one event's canonical content."""
    return hmac.new(settings.AUDIT_KEY.encode(), content.encode(), hashlib.sha256).hexdigest()


class Sealed:
    """A record sealed as a record of ``seal_kind``: its ``seal`` is the seal of what its
    ``seal_payload()`` says the seal covers."""

    seal_kind: str
    seal: str

    def seal_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def sealed(self) -> "Self":
        """The record with the seal of its current fields, not yet saved."""
        self.seal = seal(self.seal_kind, self.seal_payload())
        return self

    def seal_intact(self) -> bool:
        return intact(self.seal_kind, self.seal_payload(), self.seal)
