"""Verification of everything a seal or signature vouches for (``manage.py
verify_audit_log``, and every restore before it is kept): the audit chain and its anchor,
every revision, sign-off and publication against its seal and content hash, and every
publication's signature against the site's published keys."""

from pathlib import Path

from articles.document import canonical_json
from articles.models import ContentChange, verify_content_history
from reviews.provenance import log, signing, statements
from reviews.provenance.audit import check_anchor, latest_anchor, verify_chain
from reviews.provenance.models import Action, ReviewEvent, Revision, SignOff
from reviews.provenance.translations import TranslationRevision, TranslationSignOff
from reviews.readmodel.models import (
    CareStatement,
    ConditionListing,
    ConditionSummary,
    Publication,
    TranslationPublication,
)
from reviews.readmodel.models.listings import SUMMARY_FIELDS, intact, sealed_fields
from reviews.readmodel.models.publication import PUBLISHING_ACTIONS, agrees

SUMMARY_SHOWN_BY = ("condition_slug", *SUMMARY_FIELDS)


def verify_all(*, anchor_file: str | Path) -> tuple[list[str], int]:
    """(problems, audit events checked): the chain, the latest anchor in ``anchor_file``
    and every sealed record; no problems means everything is intact."""
    problem, checked = verify_chain()
    problems = [f"Audit log broken: {problem}"] if problem else []
    if anchored := check_anchor(latest_anchor(anchor_file)):
        problems.append(f"Audit log broken: {anchored}")
    if history := verify_content_history()[0] or history_cut_back():
        problems.append(f"Content history broken: {history}")
    problems += [f"Tampered: {record}" for record in verify_records()]
    return problems, checked


def history_cut_back() -> str | None:
    """Whether the content history lost the changes a submission saw: each submission's
    audit event records the history's head then (sequence number and hash), and that
    change must still be there with that hash."""
    submitted = ReviewEvent.objects.filter(action=Action.SUBMIT).order_by("seq").values_list("seq", "data")
    heads = {}
    for seq, data in submitted.iterator(chunk_size=2000):
        if "content_head" in data and data["content_head"][0]:
            heads[data["content_head"][0]] = (seq, data["content_head"][1])
    found = dict(ContentChange.objects.filter(seq__in=list(heads)).values_list("seq", "hash"))
    for change_seq, (event, link) in sorted(heads.items()):
        if found.get(change_seq) != link:
            return f"content change #{change_seq}, which submission event #{event} saw, is gone or altered"
    return None


def verify_records() -> list[str]:
    """Every revision's snapshot hashes to its content hash and carries a valid seal;
    every sign-off and publication has a valid seal and agrees with its revision, a
    publication's signature verifies with one of the site's published keys and the row
    says what the article's newest statement in the review log says; and the log itself
    holds together (log.verify_log)."""
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
    decided = _newest_decisions()
    for publication in Publication.objects.select_related("revision").order_by("pk").iterator(chunk_size=200):
        if not publication.seal_intact():
            problems.append(f"publication of article {publication.pk}: its seal does not match")
        if not publication.listing_seal_intact():
            problems.append(f"publication of article {publication.pk}: its listing seal does not match")
        newest = decided.get(publication.pk)
        if newest is None or not agrees(publication, *newest):
            problems.append(
                f"publication of article {publication.pk}: it is not what the audit log's newest approval, "
                "confirmation or withdrawal of the article made it (a row written back?)"
            )
        if hashes.get(publication.revision_id) != publication.content_hash:
            problems.append(f"publication of article {publication.pk}: its content hash is not its revision's")
        if publication.signature and (problem := _signature_problem(publication, keys)):
            problems.append(f"publication of article {publication.pk}: {problem}")
        if not publication.withdrawn and not publication.agrees_with_log():
            problems.append(
                f"publication of article {publication.pk}: it is not what the article's newest statement in the "
                "review log says (a row written back, or its byline or dates edited?)"
            )
    return problems + translation_problems(keys) + read_model_problems() + log.verify_log(keys)


def translation_problems(keys: dict[str, bytes]) -> list[str]:
    """Every translation revision is what was submitted, every decision on one is sealed and
    bound to it, and every live translation is sealed, is what the audit chain's newest
    approval made it, and carries a statement signed by one of the site's keys."""
    problems = []
    hashes = {}
    for revision in TranslationRevision.objects.order_by("pk").iterator(chunk_size=200):
        hashes[revision.pk] = revision.content_hash
        if not revision.is_authentic():
            problems.append(f"translation revision {revision.pk} ({revision}): it does not match its hash or seal")
    for signoff in TranslationSignOff.objects.order_by("pk"):
        if not signoff.seal_intact() or hashes.get(signoff.revision_id) != signoff.content_hash:
            problems.append(f"translation sign-off {signoff.pk}: its seal or content hash does not match")
    for row in TranslationPublication.objects.order_by("pk"):
        where = f"translation of article {row.article_id} into {row.language}"
        if not row.seal_intact() or hashes.get(row.revision_id) != row.content_hash:
            problems.append(f"{where}: its seal or content hash does not match")
        if not row.agrees_with_audit_log():
            problems.append(f"{where}: it is not what the audit log's newest approval made it (a row written back?)")
        if not row.agrees_with_log():
            problems.append(f"{where}: its statement is not the review log's newest for it")
        if keys and (found := statements.problems(row.statement, keys)):
            problems.append(f"{where}: its signed statement: {'; '.join(found)}")
    return problems


def read_model_problems() -> list[str]:
    """Every sealed read-model row (a condition as an article lists it, a care
    statement) against its seal, and each condition's summary against the listing that
    names it."""
    problems = []
    for kind, model in (("conditionlisting", ConditionListing), ("carestatement", CareStatement)):
        rows = list(model.objects.values("pk", *sealed_fields(kind)).iterator(chunk_size=2000))
        kept = {row["pk"] for row in intact(kind, rows, alert=False)}
        problems += [
            f"{model._meta.verbose_name} {row['pk']} of article {row['publication_id']}: its seal does not match"
            for row in rows
            if row["pk"] not in kept
        ]
    naming = {
        (row["publication_id"], row["condition_slug"]): row
        for row in ConditionListing.objects.order_by("-position").values("publication_id", *SUMMARY_SHOWN_BY)
    }
    for summary in ConditionSummary.objects.values("slug", "named_by", *SUMMARY_FIELDS):
        listing = naming.get((summary["named_by"], summary["slug"]))
        if listing is None or any(summary[name] != listing[name] for name in SUMMARY_FIELDS):
            problems.append(f"condition summary {summary['slug']}: it is not what the listing that names it says")
    return problems


def _signature_problem(publication: Publication, keys: dict[str, bytes]) -> str | None:
    public_key = keys.get(publication.signing_key_id)
    if public_key is None:
        return f"it is signed with key {publication.signing_key_id}, which the site no longer publishes"
    if not signing.verify(canonical_json(publication.revision.snapshot), publication.signature, public_key):
        return "its signature does not verify"
    return None


def _newest_decisions() -> dict[int, tuple[str, int | None]]:
    """{article id: (action, revision id)} of each article's newest approval, confirmation
    or withdrawal in the audit chain."""
    newest: dict[int, tuple[str, int | None]] = {}
    events = ReviewEvent.objects.filter(action__in=PUBLISHING_ACTIONS, article__isnull=False).order_by("seq")
    for article, action, revision in events.values_list("article_id", "action", "revision_id").iterator(2000):
        newest[article] = (action, revision)
    return newest
