"""Publishing: make a signed-off revision what readers get, or take it away.

Called only by the workflow actions in reviews/workflow/services.py, inside their transaction, so
the Publication row, the listing tables and the search text always change together with
the sign-off or withdrawal that caused them; and by `manage.py sign_live_articles`, which only adds
the site's signature to what is live.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F, IntegerField, JSONField, Q
from django.utils import timezone

from articles.document import document_hash, entries
from articles.models import Article, Category, Condition
from reviews.provenance import log, signing, statements
from reviews.provenance.models import Action, Decision, LogEntry, ReviewEvent, Revision, SignOff

from . import clock, listings, translations
from .models import (
    CategoryListing,
    ConditionListing,
    Publication,
    PublicationClock,
    SearchCondition,
    TranslationPublication,
)
from .models.listings import CONDITION_SHOWN, row_seal
from .search import index as search_index
from .search import translated as translated_search
from .signals import publication_changing


def review_interval() -> datetime.timedelta:
    return datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)


def public_history(article: Article) -> list[dict[str, Any]]:
    """Dates and reviewers of the sign-offs that made or kept the article live, newest
    first; no comments."""
    signoffs = (
        SignOff.objects.filter(revision__article=article, decision__in=[Decision.APPROVED, Decision.CONFIRMED])
        .order_by("-signed_at", "-pk")
        .values_list("signed_at", "decision", "reviewer_name", "credentials", "profile__slug")
    )
    return [
        {
            "date": timezone.localdate(signed_at).isoformat(),
            "kind": decision,
            "reviewer": reviewer,
            "credentials": credentials,
            "slug": slug,
        }
        for signed_at, decision, reviewer, credentials, slug in signoffs
    ]


def publish(*, article: Article, revision: Revision, signoff: SignOff) -> Publication:
    """Make ``revision`` live on the strength of ``signoff`` (an approval, or a
    confirmation of the live revision): dates from the sign-off, every listed column
    from the snapshot, and the site's signature of the snapshot (unsigned with no key)."""
    publication_changing.send(sender=Publication, article_id=article.pk)
    document = revision.snapshot
    reviewed_on = timezone.localdate(signoff.signed_at)
    # Whether it was public, and whether it exists at all, in one read: the article is
    # locked by the sign-off (services._decide), so nothing else writes this row now.
    before = list(Publication.objects.filter(article=article).values_list("withdrawn_at", flat=True)[:1])
    existed = bool(before)
    was_public = existed and before[0] is None
    signature = signing.sign(document)
    publication = Publication(
        article=article,
        revision=revision,
        content_hash=revision.content_hash,
        last_reviewed=reviewed_on,
        next_review_due=reviewed_on + review_interval(),
        withdrawn_at=None,
        withdrawn_reason="",
        slug=document["slug"],
        title=document["title"],
        question=document["question"],
        lead=document["lead"],
        letter=listings.first_letter(document["title"]),
        reviewer_name=signoff.reviewer_name,
        reviewer_credentials=signoff.credentials,
        reviewer_slug=signoff.profile.slug,
        history=public_history(article),
        signature=signature.value if signature else "",
        signing_key_id=signature.key_id if signature else "",
    )
    # Every column is set above, so one INSERT or one UPDATE writes the whole row, sealed.
    publication.sealed().save(force_update=existed, force_insert=not existed)
    write_read_model(publication, document, was_public=was_public, first=not existed)
    # Translations of other English are stale from this moment (invariant 14).
    translations.mark_stale(article=article, live=revision, now=signoff.signed_at)
    tick_clock()
    return publication


def log_signoff(publication: Publication, signoff: SignOff, event: ReviewEvent) -> None:
    """The statement of ``signoff`` (recorded by the audit ``event``), which made
    ``publication`` what it is, in the public review log (reviews/provenance/log.py)."""
    approved = signoff.decision == Decision.APPROVED
    log.record(
        article=publication.article,
        revision=signoff.revision,
        decision=statements.APPROVED if approved else statements.CONFIRMED,
        event=event,
        content_hash=publication.content_hash,
        slug=publication.slug,
        last_reviewed=publication.last_reviewed,
        next_review_due=publication.next_review_due,
        reviewer={
            "name": signoff.reviewer_name,
            "credentials": signoff.credentials,
            "registration": signoff.profile.registration,
        },
    )


def write_read_model(
    publication: Publication, document: dict[str, Any], *, was_public: bool | None = None, first: bool = False
) -> None:
    """Everything listings, search and the navigator read of ``publication``, from its
    live document: categories, condition listings, care statements, search rows. A
    publication written ``first`` (just created) lists nothing yet."""
    listed_before = listings.NOTHING if first else listings.listed(publication)
    _write_listings(publication, document, first=first)
    listings.refresh(publication, before=listed_before, was_public=was_public, document=document)
    search_index.write_publication(publication, document, first=first, listed_before=listed_before[0])


def rebuild() -> int:
    """The whole read model afresh from every publication's live revision (what readers
    see does not change): after an upgrade that changes what is indexed, or a restore;
    live articles from before the review log get their statement (log_live_articles).
    Returns how many publications."""
    count = 0
    for publication in Publication.objects.select_related("revision").iterator(chunk_size=200):
        write_read_model(publication, publication.revision.snapshot)
        count += 1
    search_index.refresh_conditions(SearchCondition.objects.values_list("slug", flat=True))
    search_index.rebuild_vocabulary()
    for row in TranslationPublication.objects.select_related("revision").iterator(chunk_size=200):
        translated_search.write(row, row.revision.snapshot)
    log_live_articles()
    listings.rebuild()  # letters, and the condition and category summaries (orphans dropped)
    return count


def _write_listings(publication: Publication, document: dict[str, Any], *, first: bool = False) -> None:
    """The publication's categories and condition listings, as the document shows them.
    Each kind is one INSERT … SELECT whose rows travel as one JSON parameter; joins find
    the records that still exist (one deleted since the document was frozen is left out,
    its row keeps no record). Built with the ORM, every row's values were prepared and
    quoted one by one after a query for the records: the costliest part of a sign-off
    in Python."""
    if not first:
        publication.categories.all().delete()
        publication.listings.all().delete()
    categories = [
        # Documents before schema 2 name categories by slug only.
        {"id": category.get("id"), "slug": category["slug"], "name": category["name"]}
        for category in document["categories"]
    ]
    table = Category._meta.db_table
    _insert_rows(
        CategoryListing,
        publication.pk,
        categories,
        record="COALESCE(by_id.id, by_slug.id)",
        joins=lambda x: (
            f"LEFT JOIN {table} by_id ON by_id.id = {x('id')} LEFT JOIN {table} by_slug ON by_slug.slug = {x('slug')}"
        ),
    )
    listed = _condition_rows(publication, document)
    _insert_rows(
        ConditionListing,
        publication.pk,
        listed,
        record="c.id",
        joins=lambda x: f"LEFT JOIN {Condition._meta.db_table} c ON c.id = {x('id')}",
    )


def _condition_rows(publication: Publication, document: dict[str, Any]) -> list[dict[str, Any]]:
    """The condition listing rows of ``document``, each with the seal of what it shows
    (models/listings.py)."""
    listed = [
        {
            "id": entry["id"],
            "condition_slug": entry["slug"],
            "name": entry["name"],
            "gloss": entry["gloss"],
            "section_heading": section["heading"],
            "group_heading": group["heading"],
            "urgency": group["urgency"],
            "likelihood": entry.get("likelihood", ""),
            "also_called": entry.get("also_called", []),
            "lay_terms": entry.get("lay_terms", []),
            "codes": entry.get("codes", {}),
            "own_article": entry.get("own_article") or "",
            "position": position,
        }
        for position, (section, group, entry) in enumerate(entries(document, "condition"))
    ]
    for row in listed:
        shown = {name: row[name] for name in CONDITION_SHOWN}
        row["seal"] = row_seal("conditionlisting", publication.pk, publication.content_hash, shown)
    return listed


def _insert_rows(
    model: type[CategoryListing] | type[ConditionListing],
    publication_id: int,
    rows: list[dict[str, Any]],
    *,
    record: str,
    joins: Callable[[Callable[[str], str]], str],
) -> None:
    """Insert ``rows`` of ``model`` for the publication in one statement. Every key of a
    row but "id" is a column of ``model``; "id" is the record's id as the document has
    it, which ``joins`` (given a function from a key to its SQL) joins to the records, and
    ``record`` is the SQL of the record_id written."""
    if not rows:
        return
    columns = [key for key in rows[0] if key != "id"]
    if connection.vendor == "postgresql":
        types = {"id": "bigint", **{column: _json_type(model._meta.get_field(column)) for column in columns}}
        source = f"jsonb_to_recordset(%s::jsonb) AS x ({', '.join(f'{key} {type_}' for key, type_ in types.items())})"

        def value(key: str) -> str:
            return f"x.{key}"
    else:  # SQLite: JSON arrays and objects come out of json_extract as JSON text, as JSONField keeps them
        source = "json_each(%s) AS x"

        def value(key: str) -> str:
            return f"json_extract(x.value, '$.{key}')"

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} (publication_id, record_id, {', '.join(columns)}) "  # noqa: S608
            f"SELECT %s, {record}, {', '.join(map(value, columns))} FROM {source} {joins(value)}",
            [publication_id, json.dumps(rows)],
        )


def _json_type(field: Any) -> str:
    """The PostgreSQL type a column's value is read as from the JSON rows."""
    if isinstance(field, JSONField):
        return "jsonb"
    return "integer" if isinstance(field, IntegerField) else "text"


def withdraw(*, publication: Publication, reason: str, now: datetime.datetime) -> None:
    """Take the publication off the public site (readers get 410 Gone)."""
    publication_changing.send(sender=Publication, article_id=publication.article_id)
    was_public = publication.withdrawn_at is None
    publication.withdrawn_at = now
    publication.withdrawn_reason = reason
    publication.sealed().save(update_fields=["withdrawn_at", "withdrawn_reason", "seal", "listing_seal"])
    search_index.refresh_conditions(publication.listings.values_list("condition_slug", flat=True))
    listings.refresh(publication, before=listings.listed(publication), was_public=was_public)
    tick_clock()


def tick_clock() -> None:
    """Move the publication clock on, in the caller's transaction (see PublicationClock),
    and announce it to every server process (reviews/readmodel/clock.py)."""
    now = timezone.now()
    if not PublicationClock.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        PublicationClock.objects.create(pk=1, version=1, changed_at=now)
    clock.announce()


@dataclass
class Signed:
    signed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@transaction.atomic
def sign_live_articles(*, everything: bool = False) -> Signed:
    """Sign every live publication that the current key has not signed with it (all of
    them with ``everything``): after a key rotation, or for articles that went live
    while no key was configured. A live article with no statement in the review log yet
    (it went live before the log existed) gets one, from the sign-off and audit event
    that made it live. A snapshot that no longer matches its sealed sign-off and audit
    chain is never signed nor logged; it is listed in ``refused``. Signatures made with
    retired keys stay verifiable as long as SIGNING_OLD_PUBLIC_KEYS lists them."""
    current = signing.current_key_id()
    if current is None:
        raise ImproperlyConfigured("Set SIGNING_KEY (or SIGNING_KEY_FILE) first: there is no key to sign with.")
    result = Signed()
    logged = LogEntry.objects.filter(language="").values("article_id")
    publications = Publication.objects.public().select_for_update().select_related("revision").order_by("pk")
    if not everything:
        publications = publications.exclude(Q(signing_key_id=current) & Q(article_id__in=logged))
    log_live_articles()
    for publication in publications:
        snapshot = publication.revision.snapshot
        if not publication.is_authentic(snapshot):
            result.refused.append(publication.slug)
            continue
        signature = signing.sign(snapshot)
        assert signature is not None
        publication.signature, publication.signing_key_id = signature.value, signature.key_id
        # The seal covers them (the listing seal does not, and is written as it is).
        publication.sealed().save(update_fields=["signature", "signing_key_id", "seal", "listing_seal"])
        result.signed.append(publication.slug)
    if result.signed:
        tick_clock()  # cached pages and API answers show the signature: render them again
    return result


@transaction.atomic
def log_live_articles() -> list[str]:
    """Give each live article that has no statement in the review log yet (it went live
    before the log existed) the statement of the sign-off and audit event that made it
    live, if it is intact by every other check (its snapshot's hash, its seal, the audit
    chain's newest decision). Returns their slugs. Run by rebuild_read_model and
    sign_live_articles, what the upgrade notes say to run."""
    unlogged = Publication.objects.public().exclude(
        article_id__in=LogEntry.objects.filter(language="").values("article_id")
    )
    logged = []
    for publication in unlogged.select_related("revision").order_by("pk"):
        if (
            document_hash(publication.revision.snapshot) == publication.content_hash
            and publication.seal_intact()
            and publication.agrees_with_audit_log()
        ):
            _log_live(publication)
            logged.append(publication.slug)
    return logged


def _log_live(publication: Publication) -> None:
    """Log the statement of the sign-off and audit event that made ``publication`` live."""
    signoff = (
        SignOff.objects.select_related("profile", "revision")
        .filter(revision_id=publication.revision_id, decision__in=[Decision.APPROVED, Decision.CONFIRMED])
        .latest("signed_at", "pk")
    )
    event = ReviewEvent.objects.filter(article_id=publication.pk, action__in=[Action.APPROVE, Action.CONFIRM]).latest(
        "seq"
    )
    log_signoff(publication, signoff, event)
