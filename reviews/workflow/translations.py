"""A translation's review (invariant 14): bring it up to date with the English readers
get, freeze it into a translation revision pinned to that English, and have a clinician
who reads the language, and wrote none of it, sign it off. Each action is one
keyword-only function in one transaction with its audit event, as in services.py.
"""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from articles.document import document_hash
from articles.history import acting_as
from articles.models import Article, ContentChange, TranslatedSegment, Translation, history_gap
from articles.translation import carry_over, missing, segments, translated
from reviews.provenance import log, statements
from reviews.provenance.audit import append_event, display_name
from reviews.provenance.models import Action, Decision, Revision
from reviews.provenance.translations import TranslationRevision, TranslationSignOff
from reviews.readmodel import translations as published
from reviews.readmodel.models import Publication

from .four_eyes import HistoryTampered, _read
from .services import FourEyesError, ReviewError, reviewer_profile

SEGMENT_FIELDS = ("position", "label", "source", "text", "required", "lines")  # what bringing up to date writes


def live_source(article: Article) -> Revision:
    """The English revision readers get of ``article``: what a translation translates."""
    publication = Publication.objects.public().filter(article=article).select_related("revision").first()
    if publication is None:
        raise ReviewError("Only an article that is live in English can be translated.", code="not_live")
    if not publication.revision.is_authentic():
        raise ReviewError("The live English revision does not verify. Tell a superuser.", code="tampered")
    return publication.revision


def _memory(language: str, sources: set[str], exclude: int | None) -> dict[str, str]:
    """{English: translation} of the same English in other articles' translations into
    ``language``: a suggestion the translator checks, reviewed like any text."""
    rows = (
        TranslatedSegment.objects.filter(translation__language=language, source__in=sources)
        .exclude(text="")
        .exclude(translation_id=exclude)
        .order_by("-pk")
        .values_list("source", "text")
    )
    found: dict[str, str] = {}
    for source, text in rows:
        found.setdefault(source, text)
    return found


@transaction.atomic
def sync_translation(*, translation: Translation, by: User) -> int:
    """Bring ``translation``'s segments up to date with the English readers get now: every
    translated text whose English is unchanged is kept, wherever it moved; a segment
    whose English is new starts empty (or with the translation memory's suggestion).
    Returns how many segments need a translation."""
    if not by.has_perm("articles.change_translation"):
        raise PermissionDenied("You may not change translations.")
    translation = Translation.objects.select_for_update().get(pk=translation.pk)
    source = live_source(translation.article)
    document = source.snapshot
    current = {segment.key: segment for segment in translation.segments.all()}
    before = {key: (segment.source, segment.text) for key, segment in current.items()}
    wanted = segments(document)
    memory = _memory(translation.language, {segment.source for segment in wanted}, translation.pk)
    texts = carry_over(document, before, memory)
    with acting_as(by):  # in bulk: one content change per row, one write per kind
        gone = [current[key].pk for key in set(current) - {segment.key for segment in wanted}]
        if gone:
            TranslatedSegment.objects.filter(pk__in=gone).delete()  # type: ignore[no-untyped-call]
        new, changed = [], []
        for position, segment in enumerate(wanted):
            values = {
                "position": position,
                "label": segment.label,
                "source": segment.source,
                "text": texts.get(segment.key, ""),
                "required": segment.required,
                "lines": segment.lines,
            }
            row = current.get(segment.key)
            if row is None:
                new.append(TranslatedSegment(translation=translation, key=segment.key, **values))
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        if new:
            TranslatedSegment.objects.bulk_create(new)
        if changed:
            TranslatedSegment.objects.bulk_update(changed, list(SEGMENT_FIELDS))
        translation.source_hash, translation.source_number = source.content_hash, source.number
        translation.last_edited_by, translation.last_edited_at = by, timezone.now()
        translation.save()  # type: ignore[no-untyped-call]
    return len(missing(document, texts))


def _authors(translation: Translation, since: datetime.datetime | None, until: datetime.datetime | None) -> set[int]:
    """Who wrote the translation's row or one of its segments (between ``since`` and
    ``until``), by the content history, each change's seal checked."""
    if gap := history_gap():
        raise HistoryTampered(gap)
    ids = [translation.pk, *translation.segments.values_list("pk", flat=True)]
    changes = ContentChange.objects.filter(
        Q(model="translation", object_id=translation.pk) | Q(model="translatedsegment", object_id__in=ids[1:])
    )
    if since is not None:
        changes = changes.filter(changed_at__gt=since)
    if until is not None:
        changes = changes.filter(changed_at__lte=until)
    return {_read(change).actor_id for change in changes}


def _last_approved(article_id: int, language: str, before: int | None = None) -> TranslationRevision | None:
    approved = TranslationSignOff.objects.filter(revision=OuterRef("pk"), decision=Decision.APPROVED)
    revisions = TranslationRevision.objects.filter(article_id=article_id, language=language).filter(Exists(approved))
    if before is not None:
        revisions = revisions.filter(number__lt=before)
    return revisions.defer("snapshot").order_by("-number").first()


def translation_approvers_barred(revision: TranslationRevision) -> set[int]:
    """Who may not approve ``revision``: whoever submitted a translation revision since the
    last approved one, and whoever its seal says wrote one of its texts since then
    (``translator_ids``, from the content history when it was frozen) or wrote the English
    it translates. HistoryTampered when the content history has a gap: then nobody may."""
    if gap := history_gap():
        raise HistoryTampered(gap)
    approved = _last_approved(revision.article_id, revision.language, before=revision.number)
    submitted = TranslationRevision.objects.filter(
        article_id=revision.article_id, language=revision.language, number__lte=revision.number
    )
    if approved is not None:
        submitted = submitted.filter(number__gt=approved.number)
    return set(submitted.values_list("created_by_id", flat=True)) | revision.barred_approver_ids()


@transaction.atomic
def submit_translation(
    *, translation: Translation, by: User, summary: str = "", now: datetime.datetime | None = None
) -> TranslationRevision:
    """Freeze ``translation`` into a revision waiting for review, pinned to the English it
    translates, which must be the English readers get now."""
    if not by.has_perm("reviews.submit_revision"):
        raise PermissionDenied("You may not submit translations for review.")
    article = Article.objects.select_for_update().get(pk=translation.article_id)
    translation = Translation.objects.get(pk=translation.pk)
    source = live_source(article)
    document = _translated_document(translation, source)
    content_hash = document_hash(document)
    latest = (
        TranslationRevision.objects.filter(article=article, language=translation.language)
        .defer("snapshot")
        .order_by("-number")
        .first()
    )
    if latest and latest.content_hash == content_hash and not latest.signoffs.exists():
        raise ReviewError("This exact translation is already waiting for review.", code="duplicate")
    writers, names = _translators(translation)
    revision = TranslationRevision(
        article=article,
        language=translation.language,
        number=(latest.number + 1) if latest else 1,
        source=source,
        source_hash=source.content_hash,
        snapshot=document,
        content_hash=content_hash,
        summary=summary.strip(),
        created_by=by,
        translator_ids=sorted(writers),
        translator_names=names,
        created_at=now or timezone.now(),
    )
    revision.sealed().save()
    append_event(
        action=Action.TRANSLATION_SUBMIT,
        article=article,
        actor=by,
        revision=source,
        comment=revision.summary,
        now=now,
        data=_event_data(revision),
    )
    return revision


def _translated_document(translation: Translation, source: Revision) -> dict[str, Any]:
    """The translated document ``translation`` makes of ``source``, or a ReviewError that
    says why there is none yet: the English moved on (or a row's English is not the
    English at its place), or texts are missing."""
    if translation.source_hash != source.content_hash:
        raise ReviewError(
            "The English page has changed since this translation was brought up to date. "
            "Bring it up to date, translate what changed, then submit it.",
            code="stale_source",
        )
    rows = list(translation.segments.values_list("key", "source", "text"))
    english = {segment.key: segment.source for segment in segments(source.snapshot)}
    if any(english.get(key) != text_source for key, text_source, _ in rows):
        # Rows made from other English (written below the application?) would put their
        # translations beside English they do not translate.
        raise ReviewError(
            "Some texts were translated from other English than the page now has. Bring the translation up "
            "to date, then submit it.",
            code="stale_source",
        )
    texts = {key: text for key, _, text in rows}
    if gaps := missing(source.snapshot, texts):
        shown = "; ".join(segment.label for segment in gaps[:3]) + ("…" if len(gaps) > 3 else "")
        raise ReviewError(f"{len(gaps)} text(s) still need a translation: {shown}.", code="incomplete")
    return translated(source.snapshot, texts, language=translation.language, source_hash=source.content_hash)


def _translators(translation: Translation) -> tuple[set[int], list[str]]:
    """(who wrote a text since the last approved translation: they may not approve it; the
    names of everyone who wrote one of its texts, as the page credits them)."""
    approved = _last_approved(translation.article_id, translation.language)
    writers = _authors(translation, approved.created_at if approved else None, None)
    credited = _authors(translation, None, None)
    return writers, sorted({display_name(user) for user in User.objects.filter(pk__in=credited)})


def _event_data(revision: TranslationRevision) -> dict[str, Any]:
    return {
        "language": revision.language,
        "translation_revision": revision.number,
        "content_hash": revision.content_hash,
        "source_hash": revision.source_hash,
    }


def _locked_undecided(revision: TranslationRevision) -> Any:
    """``revision``, locked (its article is locked first), once it is known to be undecided,
    the newest of its translation, and what was submitted."""
    newest = TranslationRevision.objects.filter(article=OuterRef("article"), language=OuterRef("language")).order_by(
        "-number"
    )
    locked: Any = (
        TranslationRevision.objects.select_for_update()
        .annotate(
            decided=Exists(TranslationSignOff.objects.filter(revision=OuterRef("pk"))),
            newest_pk=Subquery(newest.values("pk")[:1]),
        )
        .select_related("source")
        .get(pk=revision.pk)
    )
    if locked.decided:
        raise ReviewError("Another reviewer has already decided this translation.", code="decided")
    if locked.newest_pk != locked.pk:
        raise ReviewError(
            "A newer revision of this translation has been submitted; review that one.", code="superseded"
        )
    if not locked.is_authentic():
        raise ReviewError("This translation no longer matches what was submitted. Tell a superuser.", code="tampered")
    return locked


def _may_be_approved_by(locked: TranslationRevision, reviewer: User, article: Article) -> None:
    """ReviewError unless ``locked`` translates the English readers get now, and
    FourEyesError if ``reviewer`` wrote it or the English it translates."""
    live = Publication.objects.public().filter(article=article).values_list("revision_id", flat=True).first()
    if live != locked.source_id:
        raise ReviewError(
            "The English page has changed since this translation was made, so it would not translate what "
            "readers get. Send it back to be brought up to date.",
            code="stale_source",
        )
    try:
        barred = translation_approvers_barred(locked)
    except HistoryTampered as error:
        raise ReviewError(f"The content history does not verify ({error}). Tell a superuser.") from error
    if reviewer.pk in barred:
        raise FourEyesError(
            "You translated this text, submitted it, or wrote the English it translates, so another "
            "reviewer must sign it off.",
            code="four_eyes",
        )


def _decide(
    *, revision: TranslationRevision, reviewer: User, decision: str, comment: str, now: datetime.datetime | None
) -> tuple[Article, TranslationRevision, TranslationSignOff]:
    profile = reviewer_profile(reviewer)
    if not profile.reviews_in(revision.language):
        raise PermissionDenied(
            f"Your reviewer profile does not list {revision.language}: a clinician who reviews in that language "
            "must sign off this translation."
        )
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    locked = _locked_undecided(revision)
    if decision == Decision.APPROVED:
        _may_be_approved_by(locked, reviewer, article)
    signoff = TranslationSignOff(
        revision=locked,
        reviewer=reviewer,
        profile=profile,
        reviewer_name=profile.display_name,
        credentials=profile.credentials,
        decision=decision,
        comment=comment.strip(),
        content_hash=locked.content_hash,
        source_hash=locked.source_hash,
        signed_at=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            signoff.sealed().save()
    except IntegrityError as error:
        raise ReviewError("Another reviewer has already decided this translation.", code="decided") from error
    return article, locked, signoff


@transaction.atomic
def approve_translation(
    *, revision: TranslationRevision, reviewer: User, comment: str = "", now: datetime.datetime | None = None
) -> TranslationSignOff:
    """Sign off the translation ``revision`` and make it live at once, with the signed
    statement that names its language, translators, reviewer and the English's hash."""
    article, revision, signoff = _decide(
        revision=revision, reviewer=reviewer, decision=Decision.APPROVED, comment=comment, now=now
    )
    event = _decided(Action.TRANSLATION_APPROVE, article, signoff, now)
    said = statements.translation_statement(
        slug=revision.snapshot["slug"],
        language=revision.language,
        content_hash=revision.content_hash,
        article_id=article.pk,
        revision=revision.number,
        source=(revision.source.number, revision.source_hash),
        translators=list(revision.translator_names),
        reviewer={
            "name": signoff.reviewer_name,
            "credentials": signoff.credentials,
            "registration": signoff.profile.registration,
        },
        at=signoff.signed_at,
        audit_event=(event.seq, event.hash),
    )
    entry = log.record_translation(article=article, source=revision.source, language=revision.language, payload=said)
    published.publish(revision=revision, signoff=signoff, statement=entry.envelope)
    return signoff


@transaction.atomic
def request_translation_changes(
    *, revision: TranslationRevision, reviewer: User, comment: str, now: datetime.datetime | None = None
) -> TranslationSignOff:
    """Send the translation back with a comment; a live translation stays live."""
    if not comment.strip():
        raise ReviewError("Say what needs to change.", code="comment_required")
    article, revision, signoff = _decide(
        revision=revision, reviewer=reviewer, decision=Decision.CHANGES_REQUESTED, comment=comment, now=now
    )
    _decided(Action.TRANSLATION_CHANGES, article, signoff, now)
    return signoff


def _decided(action: Action, article: Article, signoff: TranslationSignOff, now: datetime.datetime | None) -> Any:
    """The audit event of ``signoff``: about the English revision translated, naming the
    translation revision and both hashes."""
    return append_event(
        action=action,
        article=article,
        actor=signoff.reviewer,
        revision=signoff.revision.source,
        comment=signoff.comment,
        now=now,
        data=_event_data(signoff.revision),
    )


def may_approve_translation(user_id: int | None, revision: TranslationRevision) -> bool:
    try:
        return user_id not in translation_approvers_barred(revision)
    except HistoryTampered:
        return False
