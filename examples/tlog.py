"""Checks of SymptomSite's public review log, for verifiers and witnesses on other hosts.

Needs only Python's standard library and the `cryptography` package, and none of the
site's code: a reader's check should not rest on the code it checks. What it checks:

- a review statement: an in-toto Statement in a DSSE envelope, signed with Ed25519
  (the signature covers DSSE's pre-authentication encoding of the payload);
- a checkpoint: a signed note (C2SP tlog-checkpoint) naming the log, its size and its
  root hash;
- inclusion and consistency proofs, by RFC 9162 §2.1.3.2 and §2.1.4.2;
- the root of a list of leaves, by RFC 9162 §2.1.1.
"""

import base64
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PAYLOAD_TYPE = "application/vnd.in-toto+json"
PREDICATE_TYPE = "https://symptomsite.org/attestations/medical-review/v1"
TRANSLATION_PREDICATE_TYPE = "https://symptomsite.org/attestations/translation-review/v1"


class NotVerified(ValueError):
    """What failed, in words for the person running the check."""


def read_keys(document: dict) -> dict[str, bytes]:
    """{key id: raw Ed25519 public key} of a keys document (/.well-known/symptomsite-keys.json).
    Key ids are made here from the keys, not taken from the document."""
    keys = {}
    for key in document["keys"]:
        raw = base64.b64decode(key["public_key"])
        keys["ed25519:" + hashlib.sha256(raw).hexdigest()[:16]] = raw
    return keys


def _signature_holds(raw_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- statements --------------------------------------------------------------------


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def open_statement(envelope: dict, keys: dict[str, bytes]) -> dict:
    """The statement inside a DSSE ``envelope`` once a signature by one of ``keys``
    verifies over it; NotVerified otherwise."""
    if envelope.get("payloadType") != PAYLOAD_TYPE:
        raise NotVerified("the statement is not an in-toto statement in a DSSE envelope")
    body = base64.b64decode(envelope["payload"], validate=True)
    kind = PAYLOAD_TYPE.encode()
    signed = b"DSSEv1 " + str(len(kind)).encode() + b" " + kind + b" " + str(len(body)).encode() + b" " + body
    signatures = envelope.get("signatures") or []
    if not signatures:
        raise NotVerified("the review statement is not signed")
    if not any(
        item.get("keyid") in keys
        and _signature_holds(keys[item["keyid"]], base64.b64decode(item.get("sig", "")), signed)
        for item in signatures
    ):
        raise NotVerified("the review statement's signature does not verify with the site's published keys")
    statement = json.loads(body)
    if statement.get("predicateType") not in (PREDICATE_TYPE, TRANSLATION_PREDICATE_TYPE):
        raise NotVerified("the statement is not a SymptomSite review statement")
    return statement


# --- checkpoints -------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    text: str


def open_checkpoint(note: str, keys: dict[str, bytes], origin: str | None = None) -> Checkpoint:
    """The tree head in a signed note, once a signature line by one of ``keys`` verifies;
    with ``origin``, the note must be that log's."""
    body, blank, signature_lines = note.partition("\n\n")
    lines = body.split("\n")
    if not blank or len(lines) < 3:
        raise NotVerified("the checkpoint is not a signed note")
    name, size, root = lines[0], lines[1], lines[2]
    if origin is not None and name != origin:
        raise NotVerified(f"the checkpoint is of the log {name!r}, not {origin!r}")
    message = (body + "\n").encode()
    for line in signature_lines.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or parts[1] != name:
            continue
        tagged = base64.b64decode(parts[2])
        for raw in keys.values():
            key_hash = hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]
            if tagged[:4] == key_hash and _signature_holds(raw, tagged[4:], message):
                return Checkpoint(name, int(size), base64.b64decode(root), note)
    raise NotVerified("the checkpoint is not signed by any of the site's published keys")


# --- RFC 9162 ----------------------------------------------------------------------


def hash_leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def tree_root(leaf_hashes: list[bytes]) -> bytes:
    """MTH: split at the largest power of two smaller than the size, recursively."""
    if not leaf_hashes:
        return hashlib.sha256(b"").digest()
    if len(leaf_hashes) == 1:
        return leaf_hashes[0]
    k = 1
    while k * 2 < len(leaf_hashes):
        k *= 2
    return hash_children(tree_root(leaf_hashes[:k]), tree_root(leaf_hashes[k:]))


def included(leaf_hash: bytes, index: int, size: int, path: list[bytes], root: bytes) -> bool:
    if index >= size or index < 0:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = hash_children(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn //= 2
                    sn //= 2
        else:
            r = hash_children(r, p)
        fn //= 2
        sn //= 2
    return sn == 0 and r == root


def consistent(size1: int, size2: int, root1: bytes, root2: bytes, path: list[bytes]) -> bool:
    if size1 <= 0 or size1 > size2:
        return False
    if size1 == size2:
        return not path and root1 == root2
    path = ([root1] if size1 & (size1 - 1) == 0 else []) + list(path)
    if not path:
        return False
    fn, sn = size1 - 1, size2 - 1
    while fn % 2 == 1:
        fn //= 2
        sn //= 2
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = hash_children(c, fr), hash_children(c, sr)
            while fn % 2 == 0 and fn != 0:
                fn //= 2
                sn //= 2
        else:
            sr = hash_children(sr, c)
        fn //= 2
        sn //= 2
    return sn == 0 and fr == root1 and sr == root2


def decode_path(nodes: list[str]) -> list[bytes]:
    return [base64.b64decode(node, validate=True) for node in nodes]


# --- reading a site's log ----------------------------------------------------------


def fetch(site: str):
    """A ``get(path) -> (status, body)`` that asks ``site`` (its base URL) over HTTP."""
    import urllib.error
    import urllib.request

    def get(path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(site.rstrip("/") + path, timeout=30) as answer:  # noqa: S310 - the site's URL
                return answer.status, answer.read()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read()

    return get


def read_log(get, keys: dict[str, bytes], origin: str | None = None) -> tuple[Checkpoint, list[bytes]]:
    """The site's newest checkpoint and every leaf it covers, checked against each other:
    the leaves' root must be the signed root."""
    status, note = get("/log/v1/checkpoint")
    if status != 200:
        raise NotVerified(f"the log's checkpoint could not be read (HTTP {status})")
    head = open_checkpoint(note.decode(), keys, origin)
    leaves: list[bytes] = []
    while len(leaves) < head.size:
        end = min(head.size, len(leaves) + 1000)
        status, body = get(f"/log/v1/entries?start={len(leaves)}&end={end}")
        if status != 200:
            raise NotVerified(f"the log's entries from #{len(leaves)} could not be read (HTTP {status})")
        leaves += [entry["leaf"].encode() for entry in json.loads(body)["entries"]]
    if tree_root([hash_leaf(leaf) for leaf in leaves[: head.size]]) != head.root:
        raise NotVerified(f"the log's entries do not make the signed root of its checkpoint (size {head.size})")
    return head, leaves[: head.size]


def newest_statements(leaves: list[bytes]) -> dict[tuple[int, str], tuple[int, dict]]:
    """{(article id, language): (leaf index, statement)} of the newest statement about each
    article and each of its translations (language "" for the English). Unchecked
    signatures: the root over the leaves is what vouches for them here."""
    newest = {}
    for index, leaf in enumerate(leaves):
        statement = json.loads(base64.b64decode(json.loads(leaf)["payload"]))
        predicate = statement["predicate"]
        newest[predicate["article"]["id"], predicate.get("language", "")] = (index, statement)
    return newest
