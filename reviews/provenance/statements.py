"""Review statements: what a sign-off or a withdrawal says, signed, as a leaf of the
public review log (reviews/provenance/log.py).

A statement is an in-toto Statement (v1) in a DSSE envelope. Its subject is the article
by address with the SHA-256 of its document; its predicate says who decided what about
it and when: the article and revision, the decision (approved, confirmed, withdrawn),
the reviewer's name, credentials and registration, the time of the decision, the review
dates, the statement it supersedes (the article's previous leaf in the log) and the
audit-chain event that recorded it (its sequence number and link hash, so the public log
anchors the audit chain at every decision).

Why DSSE rather than a JWS: DSSE signs the payload's exact bytes together with their
type (its pre-authentication encoding), so there is no header to trust, no "alg" to
downgrade and no canonical form to agree on; it is the envelope in-toto, SLSA and
Sigstore attestations use, and it is checked with a dozen lines and an Ed25519 library
(examples/tlog.py). The envelope is the leaf: canonical JSON, so everyone hashes the
same bytes.

With no signing key a statement is still made and logged, with no signature: the log
still shows what was decided, and readers' verifiers say it is unsigned.
"""

import base64
import datetime
import json
from typing import Any

from . import merkle, signing

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://symptomsite.org/attestations/medical-review/v1"
TRANSLATION_PREDICATE_TYPE = "https://symptomsite.org/attestations/translation-review/v1"
APPROVED, CONFIRMED, WITHDRAWN = "approved", "confirmed", "withdrawn"


def canonical(value: Any) -> bytes:
    """JSON with keys sorted, no whitespace, UTF-8: the bytes everyone hashes and signs."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE's pre-authentication encoding: what the signature covers."""
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def statement(
    *,
    slug: str,
    content_hash: str,
    article_id: int,
    revision: int,
    decision: str,
    at: datetime.datetime,
    reviewer: dict[str, str] | None,
    withdrawn_by: str | None,
    last_reviewed: datetime.date,
    next_review_due: datetime.date,
    supersedes: str | None,
    audit_event: tuple[int, str],
) -> dict[str, Any]:
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": slug, "digest": {"sha256": content_hash}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "article": {"id": article_id, "slug": slug, "revision": revision},
            "decision": decision,
            "decided_at": at.astimezone(datetime.UTC).isoformat(),
            "reviewer": reviewer,  # {"name", "credentials", "registration"}; None for a withdrawal
            "withdrawn_by": withdrawn_by,
            "last_reviewed": last_reviewed.isoformat(),
            "next_review_due": next_review_due.isoformat(),
            "supersedes": supersedes,  # the leaf hash (hex) of the article's previous statement
            # The audit chain's event that recorded the decision, and its link hash: the
            # public log anchors the chain up to it, so cutting or rewriting it is found.
            "audit_event": audit_event[0],
            "audit_hash": audit_event[1],
        },
    }


def translation_statement(
    *,
    slug: str,
    language: str,
    content_hash: str,
    article_id: int,
    revision: int,
    source: tuple[int, str],
    translators: list[str],
    reviewer: dict[str, str],
    at: datetime.datetime,
    audit_event: tuple[int, str],
) -> dict[str, Any]:
    """What a translation's approval says: which translated document (by its hash), in
    which language, translating which English revision (``source``: its number and hash),
    translated by whom, approved by which clinician and when."""
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": f"{language}/{slug}", "digest": {"sha256": content_hash}}],
        "predicateType": TRANSLATION_PREDICATE_TYPE,
        "predicate": {
            "article": {"id": article_id, "slug": slug, "revision": revision},
            "language": language,
            "translation_of": {"revision": source[0], "digest": {"sha256": source[1]}},
            "translators": translators,
            "decision": APPROVED,
            "decided_at": at.astimezone(datetime.UTC).isoformat(),
            "reviewer": reviewer,  # {"name", "credentials", "registration"}
            "supersedes": None,  # the leaf hash of the previous statement of this translation (log.record_translation)
            "audit_event": audit_event[0],
            "audit_hash": audit_event[1],
        },
    }


def envelope(payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` in a DSSE envelope, signed with the site's key when it has one."""
    body = canonical(payload)
    signatures = []
    if key := signing.signing_key():
        value = key.sign(pae(PAYLOAD_TYPE, body))
        signatures.append(
            {"keyid": signing.key_id(signing.raw_public_key(key)), "sig": base64.b64encode(value).decode()}
        )
    return {"payloadType": PAYLOAD_TYPE, "payload": base64.b64encode(body).decode(), "signatures": signatures}


def read(leaf: str | bytes) -> dict[str, Any]:
    """The statement in the envelope ``leaf`` (not checked: see problems)."""
    enveloped = json.loads(leaf)
    payload: dict[str, Any] = json.loads(base64.b64decode(enveloped["payload"], validate=True))
    return payload


def problems(leaf: str | bytes, keys: dict[str, bytes]) -> list[str]:
    """What is wrong with the envelope ``leaf`` as a signed review statement: [] when a
    signature by one of ``keys`` ({key id: raw public key}) covers it."""
    try:
        enveloped = json.loads(leaf)
        body = base64.b64decode(enveloped["payload"], validate=True)
        payload = json.loads(body)
        signatures = enveloped["signatures"]
    except (ValueError, KeyError, TypeError):
        return ["it is not a DSSE envelope with a JSON statement"]
    found = []
    if enveloped.get("payloadType") != PAYLOAD_TYPE:
        found.append(f"its payload type is not {PAYLOAD_TYPE}")
    if not isinstance(payload, dict) or payload.get("predicateType") not in (
        PREDICATE_TYPE,
        TRANSLATION_PREDICATE_TYPE,
    ):
        found.append("it is not a review statement")
    signed = pae(enveloped.get("payloadType", ""), body)
    if not signatures:
        return [*found, "it is not signed"]
    if not any(
        signature.get("keyid") in keys and signing.verify(signed, signature.get("sig", ""), keys[signature["keyid"]])
        for signature in signatures
    ):
        found.append("no signature on it verifies with the site's published keys")
    return found


def article_problems(article: dict[str, Any], keys: dict[str, bytes]) -> list[str]:
    """What is wrong with an article as the API serves it, as far as its review statement
    goes: the statement must be signed by one of ``keys``, name the article's content
    hash and address, and say the revision, reviewer and dates the article shows."""
    envelope = article.get("statement")
    if not isinstance(envelope, dict):
        return ["it carries no review statement"]
    found = problems(canonical(envelope), keys)
    if found:
        return [f"its review statement: {problem}" for problem in found]
    said = read(canonical(envelope))
    predicate, subject = said["predicate"], said["subject"][0]
    reviewer = predicate.get("reviewer") or {}
    shown = article.get("reviewer") or {}
    if said.get("predicateType") == TRANSLATION_PREDICATE_TYPE:
        return _translation_problems(article, predicate, subject, reviewer, shown)
    pairs = {
        "content hash": (article.get("content_hash"), subject["digest"].get("sha256")),
        "address": (article.get("slug"), subject["name"]),
        "revision": (article.get("revision"), predicate["article"]["revision"]),
        "reviewer's name": (shown.get("name"), reviewer.get("name")),
        "reviewer's credentials": (shown.get("credentials"), reviewer.get("credentials")),
        "last review date": (article.get("last_reviewed"), predicate["last_reviewed"]),
        "next review date": (article.get("next_review_due"), predicate["next_review_due"]),
    }
    found = [f"its {name} is not the one its review statement signs" for name, (a, b) in pairs.items() if a != b]
    if predicate["decision"] == WITHDRAWN:
        found.append("its review statement says it was withdrawn")
    return found


def _translation_problems(
    article: dict[str, Any], predicate: dict[str, Any], subject: dict[str, Any], reviewer: dict[str, Any], shown: Any
) -> list[str]:
    """What is wrong with a translation as the API serves it (``?lang=``), as far as its
    statement goes: it must name the translation's hash, address, language and revision,
    the English it translates, its translators and the clinician who reviewed it."""
    pairs = {
        "content hash": (article.get("content_hash"), subject["digest"].get("sha256")),
        "address": (f"{article.get('language')}/{article.get('slug')}", subject["name"]),
        "revision": (article.get("revision"), predicate["article"]["revision"]),
        "English it translates": (
            (article.get("translation_of") or {}).get("content_hash"),
            predicate["translation_of"]["digest"]["sha256"],
        ),
        "translators": (article.get("translators"), predicate["translators"]),
        "reviewer's name": (shown.get("name"), reviewer.get("name")),
        "reviewer's credentials": (shown.get("credentials"), reviewer.get("credentials")),
    }
    return [f"its {name} is not the one its review statement signs" for name, (a, b) in pairs.items() if a != b]


def says(
    leaf: str,
    leaf_hash: str,
    *,
    content_hash: str,
    slug: str,
    reviewer: tuple[str, str],
    dates: tuple[datetime.date, datetime.date],
) -> bool:
    """Whether the statement ``leaf`` (whose stored leaf hash is ``leaf_hash``) makes an
    article live with ``content_hash`` at ``slug``, signed off by ``reviewer`` (name,
    credentials), with ``dates`` (last reviewed, next review due). Its signature is not
    checked here (cryptography stays out of the page's process): the leaf hash must be its
    text's, and the log's signed tree heads cover the leaf hashes (log.verify_log)."""
    if merkle.leaf_hash(leaf.encode()).hex() != leaf_hash:
        return False
    try:
        said = read(leaf)
        predicate, subject = said["predicate"], said["subject"][0]
        signer = predicate["reviewer"] or {}
        shown = (
            subject["digest"]["sha256"],
            subject["name"],
            predicate["decision"] in (APPROVED, CONFIRMED),
            (signer.get("name"), signer.get("credentials")),
            (predicate["last_reviewed"], predicate["next_review_due"]),
        )
    except (ValueError, KeyError, TypeError, IndexError):
        return False
    return shown == (content_hash, slug, True, reviewer, tuple(date.isoformat() for date in dates))
