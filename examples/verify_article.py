"""Check, offline, that an article from SymptomSite's API is what its reviewer signed off.

    curl -o article.json https://SITE/api/v1/articles/muscle-atrophy
    curl -o keys.json https://SITE/.well-known/symptomsite-keys.json
    python verify_article.py article.json keys.json

Needs only the `cryptography` package. Exit status 0 when verified, 1 when not.
"""

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def verify(article: dict, keys: dict) -> str:
    # The signed bytes: the document as canonical JSON (sorted keys, no spaces, UTF-8).
    signed = json.dumps(article["document"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    if hashlib.sha256(signed).hexdigest() != article["content_hash"]:
        raise ValueError("the document does not match its content hash")
    signature = article["signature"] or {}
    published = {key["key_id"]: key["public_key"] for key in keys["keys"]}
    if signature.get("key_id") not in published:
        raise ValueError(f"not signed with a published key: {signature.get('key_id')}")
    public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(published[signature["key_id"]]))
    try:
        public_key.verify(base64.b64decode(signature["value"]), signed)
    except InvalidSignature:
        raise ValueError("the signature does not match the document") from None
    return f"{article['document']['title']}: SHA-256 {article['content_hash']}, key {signature['key_id']}"


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as article, open(sys.argv[2], encoding="utf-8") as keys:
        try:
            print("Verified:", verify(json.load(article), json.load(keys)))
        except ValueError as problem:
            sys.exit(f"NOT verified: {problem}")
