"""Verification of everything a seal or signature vouches for (``manage.py
verify_audit_log``, and every restore before it is kept): the audit chain and its anchor,
every revision, sign-off and publication against its seal and content hash, and every
publication's signature against the site's published keys."""

from pathlib import Path

from articles.document import canonical_json
from reviews.provenance import signing
from reviews.provenance.audit import check_anchor, latest_anchor, verify_chain
from reviews.provenance.models import Revision, SignOff
from reviews.readmodel.models import Publication


def verify_all(*, anchor_file: str | Path) -> tuple[list[str], int]:
    """(problems, audit events checked): the chain, the latest anchor in ``anchor_file``
    and every sealed record; no problems means everything is intact."""
    problem, checked = verify_chain()
    problems = [f"Audit log broken: {problem}"] if problem else []
    if anchored := check_anchor(latest_anchor(anchor_file)):
        problems.append(f"Audit log broken: {anchored}")
    problems += [f"Tampered: {record}" for record in verify_records()]
    return problems, checked


def verify_records() -> list[str]:
    """Every revision's snapshot hashes to its content hash and carries a valid seal;
    every sign-off and publication has a valid seal and agrees with its revision, and a
    publication's signature verifies with one of the site's published keys."""
    problems = []
    for revision in Revision.objects.order_by("pk").iterator(chunk_size=200):
        if not revision.snapshot_matches():
            problems.append(f"revision {revision.pk} ({revision}): its snapshot does not match its content hash")
        if not revision.seal_intact():
            problems.append(f"revision {revision.pk} ({revision}): its seal does not match")
    hashes = dict(Revision.objects.values_list("pk", "content_hash"))
    for signoff in SignOff.objects.order_by("pk").iterator(chunk_size=500):
        if not signoff.seal_intact():
            problems.append(f"sign-off {signoff.pk} ({signoff}): its seal does not match")
        if hashes.get(signoff.revision_id) != signoff.content_hash:
            problems.append(f"sign-off {signoff.pk}: it was not given to the content its revision now holds")
    keys = signing.keyring()
    for publication in Publication.objects.select_related("revision").order_by("pk").iterator(chunk_size=200):
        if not publication.seal_intact():
            problems.append(f"publication of article {publication.pk}: its seal does not match")
        if hashes.get(publication.revision_id) != publication.content_hash:
            problems.append(f"publication of article {publication.pk}: its content hash is not its revision's")
        if publication.signature and (problem := _signature_problem(publication, keys)):
            problems.append(f"publication of article {publication.pk}: {problem}")
    return problems


def _signature_problem(publication: Publication, keys: dict[str, bytes]) -> str | None:
    public_key = keys.get(publication.signing_key_id)
    if public_key is None:
        return f"it is signed with key {publication.signing_key_id}, which the site no longer publishes"
    if not signing.verify(canonical_json(publication.revision.snapshot), publication.signature, public_key):
        return "its signature does not verify"
    return None
