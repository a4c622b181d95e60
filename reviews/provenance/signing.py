"""Provenance anyone can check: Ed25519 signatures of what reviewers signed off.

At sign-off (reviews/readmodel/publishing.py) the site signs the canonical JSON of the revision
that goes live (articles.document.canonical_json: exactly the bytes whose SHA-256 is the
content hash) with its private key, SIGNING_KEY. The signature is detached: it is kept on
the Publication with the id of the key that made it, and served beside the document by
the API and in the article page. The public keys are published at
/.well-known/symptomsite-keys.json, so a downloaded article can be checked offline with
nothing but an Ed25519 library (examples/verify_article.py).

A key id is derived from the public key itself, so a retired key listed in
SIGNING_OLD_PUBLIC_KEYS keeps its id, and every signature it made stays verifiable after
a rotation. With no key configured sign-offs still work; they are simply not signed.

cryptography is imported by the functions that sign or check, not by this module: its
bindings take ~8 MB, and every server process imports this module (reviews/apps.py,
reviews/readmodel/publishing.py) while readers' pages never sign or verify anything.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import checks

from articles.document import Document, canonical_json

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ALGORITHM = "Ed25519"
# What is signed, for the people who check it.
SIGNED_BYTES = (
    "the article's document as canonical JSON: keys sorted, no whitespace, UTF-8, non-ASCII characters "
    'unescaped (Python: json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)); '
    "its SHA-256 is the content hash"
)


@dataclass(frozen=True)
class Signature:
    key_id: str
    value: str  # base64 of the 64-byte signature


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    raw: bytes
    current: bool

    @property
    def base64(self) -> str:
        return base64.b64encode(self.raw).decode()

    @property
    def pem(self) -> str:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        key = Ed25519PublicKey.from_public_bytes(self.raw)
        return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    @property
    def jwk(self) -> dict[str, str]:
        """The key as a JSON Web Key (RFC 8037)."""
        x = base64.urlsafe_b64encode(self.raw).rstrip(b"=").decode()
        return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.key_id, "use": "sig", "alg": "EdDSA"}


def key_id(raw_public_key: bytes) -> str:
    """A public key's id: the start of the SHA-256 of its 32 bytes."""
    return "ed25519:" + hashlib.sha256(raw_public_key).hexdigest()[:16]


def raw_public_key(key: "Ed25519PrivateKey") -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_private_key() -> tuple["Ed25519PrivateKey", str]:
    """A fresh key, and its 32 bytes in base64 (what SIGNING_KEY takes)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return key, base64.b64encode(raw).decode()


@lru_cache(maxsize=4)
def _private_key(encoded: str) -> "Ed25519PrivateKey":
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded))


def signing_key() -> "Ed25519PrivateKey | None":
    """The site's private key (settings validated it at start-up), or None if unset."""
    return _private_key(settings.SIGNING_KEY) if settings.SIGNING_KEY else None


def current_key_id() -> str | None:
    key = signing_key()
    return key_id(raw_public_key(key)) if key else None


def public_keys() -> list[PublicKey]:
    """Every key whose signatures the site vouches for: the current one first, then
    the retired ones (SIGNING_OLD_PUBLIC_KEYS)."""
    keys: dict[str, PublicKey] = {}
    if key := signing_key():
        raw = raw_public_key(key)
        keys[key_id(raw)] = PublicKey(key_id(raw), raw, current=True)
    for encoded in settings.SIGNING_OLD_PUBLIC_KEYS:
        raw = base64.b64decode(encoded)
        keys.setdefault(key_id(raw), PublicKey(key_id(raw), raw, current=False))
    return list(keys.values())


def keyring() -> dict[str, bytes]:
    """{key id: raw public key} of public_keys()."""
    return {key.key_id: key.raw for key in public_keys()}


def sign(document: Document) -> Signature | None:
    """The detached signature of ``document``'s canonical JSON with the site's key, or
    None when no key is configured."""
    key = signing_key()
    if key is None:
        return None
    value = key.sign(canonical_json(document))
    return Signature(key_id(raw_public_key(key)), base64.b64encode(value).decode())


def unsigned_note() -> str:
    """What a reviewer is told after a sign-off while the site has no key."""
    if settings.SIGNING_KEY:
        return ""
    return " The site has no signing key (SIGNING_KEY), so the API and the page serve it unsigned."


def check_signing_key(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """`check --deploy`: a public site should sign what it publishes."""
    if settings.SIGNING_KEY:
        return []
    return [
        checks.Warning(
            "SIGNING_KEY is not set: sign-offs are not signed, so the API and article pages serve content that "
            "nobody can check against the site's key.",
            hint="Make a key with `manage.py create_signing_key`, set SIGNING_KEY (or SIGNING_KEY_FILE), "
            "then run `manage.py sign_live_articles`.",
            id="reviews.W001",
        )
    ]


def verify(message: bytes, signature: str, public_key: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def check_article(article: dict[str, Any], keys: dict[str, bytes]) -> list[str]:
    """Problems with an article as the API serves it (``document``, ``content_hash``
    and ``signature``), checked against ``keys`` ({key id: raw public key}); [] if its
    signature verifies."""
    try:
        document, content_hash, signature = article["document"], article["content_hash"], article["signature"]
    except (KeyError, TypeError):
        return ["this is not an article from the API: it needs document, content_hash and signature"]
    message = canonical_json(document)
    problems = [
        f"its {name} beside the document is not the signed one"
        for name in ("slug", "title")
        if name in article and isinstance(document, dict) and article[name] != document.get(name)
    ]
    if hashlib.sha256(message).hexdigest() != content_hash:
        problems.append("the document does not hash to its content hash: it was changed")
    if not signature:
        return [*problems, "the article is not signed"]
    public_key = keys.get(signature.get("key_id", ""))
    if public_key is None:
        return [*problems, f"it is signed with key {signature.get('key_id')!r}, which is not among the published keys"]
    if not verify(message, signature.get("value", ""), public_key):
        problems.append("the signature does not verify: the document is not what the site signed")
    return problems


def read_keys(text: str) -> dict[str, bytes]:
    """{key id: raw public key} from a published keys document
    (/.well-known/symptomsite-keys.json or /api/v1/keys)."""
    raw_keys = [base64.b64decode(key["public_key"]) for key in json.loads(text)["keys"]]
    return {key_id(raw): raw for raw in raw_keys}  # ids derived here, not taken on trust
