"""The only writer of TranslationPublication: a translation goes live at its sign-off, and
every English sign-off of the article, in its own transaction, marks the translations of
any other English stale (invariant 14)."""

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from articles.models import Article
from articles.translation import care_digest
from reviews.provenance import signing
from reviews.provenance.models import Revision
from reviews.provenance.translations import TranslationRevision, TranslationSignOff

from .models import Publication, TranslationPublication
from .search import translated as search
from .signals import publication_changing

logger = logging.getLogger(__name__)


def publish(*, revision: TranslationRevision, signoff: TranslationSignOff, statement: str) -> TranslationPublication:
    """Make the translation ``revision`` live on the strength of ``signoff``."""
    publication_changing.send(sender=TranslationPublication, article_id=revision.article_id)
    document = revision.snapshot
    row = TranslationPublication.objects.filter(article_id=revision.article_id, language=revision.language).first()
    row = row or TranslationPublication(article_id=revision.article_id, language=revision.language)
    row.revision = revision
    row.content_hash = revision.content_hash
    row.source_hash = revision.source_hash
    row.slug, row.title, row.question, row.lead = (
        document["slug"],
        document["title"],
        document["question"],
        document["lead"],
    )
    row.reviewer_name, row.reviewer_credentials = signoff.reviewer_name, signoff.credentials
    row.reviewer_slug = signoff.profile.slug
    row.translators = list(revision.translator_names)
    row.last_reviewed = timezone.localdate(signoff.signed_at)
    row.withdrawn_at = None
    row.statement = statement
    signature = signing.sign(document)
    row.signature, row.signing_key_id = (signature.value, signature.key_id) if signature else ("", "")
    live = Publication.objects.filter(article_id=revision.article_id).values_list("revision_id", flat=True).first()
    _mark(row, Revision.objects.get(pk=live) if live else revision.source, now=signoff.signed_at)
    row.sealed().save()
    search.write(row, document)
    tick()
    return row


def mark_stale(
    *, article: Article, live: Revision, now: datetime.datetime | None = None
) -> list[TranslationPublication]:
    """The English ``live`` revision went live: each translation of other English is stale
    from now (or since it first was), and held back when the English "when to get help"
    advice is no longer the advice it translates; a translation of exactly ``live`` is
    current again. In the caller's transaction. Returns the rows that changed."""
    changed = []
    rows = TranslationPublication.objects.select_for_update().filter(article=article).select_related("revision")
    for row in rows:
        if not row.seal_intact():
            # Never sealed again over what someone changed below the application: it stays
            # refused (the page answers 503) and verify_audit_log names it.
            logger.critical("Translation %s fails its seal; not marked, not sealed again.", row.pk)
            continue
        before = (row.stale_since, row.stale_source_hash, row.care_changed)
        _mark(row, live, now=now or timezone.now())
        if (row.stale_since, row.stale_source_hash, row.care_changed) != before:
            row.sealed().save(update_fields=["stale_since", "stale_source_hash", "care_changed", "seal"])
            changed.append(row)
    return changed


def _mark(row: TranslationPublication, live: Revision, *, now: datetime.datetime) -> None:
    if row.source_hash == live.content_hash:
        row.stale_since, row.stale_source_hash, row.care_changed = None, "", False
        return
    row.stale_since = row.stale_since or now
    row.stale_source_hash = live.content_hash
    row.care_changed = advice_changed(row.revision.snapshot, live.snapshot)


def advice_changed(translated: dict[str, Any], english: dict[str, Any]) -> bool:
    """Whether the ``english`` document's advice on when to get help is not the advice the
    ``translated`` document translates: then it is never shown as current (invariant 14)."""
    return translated.get("source_care") != care_digest(english)


@dataclass(frozen=True)
class Reading:
    """A live translation as readers may get it, checked beside its English."""

    snapshot: dict[str, Any]
    stale: bool  # the English readers get is not the English it translates
    held_back: bool  # and its advice on when to get help is not the advice translated
    changed_on: datetime.date  # when the English changed (or was last reviewed)


def read(row: TranslationPublication, english: Publication) -> Reading | None:
    """The translation ``row`` beside the English publication of its article, or None when
    either is not what was signed (alert raised). Whether it is stale and whether it is held
    back come from the two signed documents, never from the row's stored flags: a row
    written back cannot hide that the English moved on. The one reading of the safety rule
    the pages and the API share."""
    snapshot = TranslationRevision.objects.filter(pk=row.revision_id).values_list("snapshot", flat=True).first()
    english_snapshot = english.signed_document()
    if not (snapshot is not None and row.is_authentic(snapshot) and english.is_authentic(english_snapshot)):
        logger.critical(
            "Article %s (%s): the translation or its English does not verify; not served.", row.slug, row.language
        )
        return None
    return Reading(
        snapshot=snapshot,
        stale=row.source_hash != english.content_hash,
        held_back=advice_changed(snapshot, english_snapshot),
        changed_on=timezone.localdate(row.stale_since) if row.stale_since else english.last_reviewed,
    )


def tick() -> None:
    """Move the publication clock on: cached pages that offer a translation change too."""
    from .publishing import tick_clock  # publishing calls mark_stale

    tick_clock()
