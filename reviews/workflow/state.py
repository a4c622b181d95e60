"""An article's review state, derived from its revisions, sign-offs and publication
(never stored)."""

from typing import Any

from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from articles.models import Article, ContentChange
from reviews.provenance.models import Decision, Revision, SignOff
from reviews.readmodel import shared_cache
from reviews.readmodel.models import (
    CareStatement,
    CategoryListing,
    ConditionListing,
    Publication,
    PublicationClock,
    shows_changed_records,
)


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    WAITING = "waiting", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    LIVE = "live", "Live"
    LIVE_PENDING = "live_pending", "Live, changes pending"
    WITHDRAWN = "withdrawn", "Withdrawn"


def with_review_state(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Annotate what review_state() reads, in the same query: the latest revision and its
    decision, and the publication's revision, dates and withdrawal."""
    latest = Revision.objects.filter(article=OuterRef("pk")).order_by("-number")
    decision = SignOff.objects.filter(
        revision=OuterRef("latest_revision_id"), decision__in=[Decision.APPROVED, Decision.CHANGES_REQUESTED]
    )
    return articles.annotate(
        latest_revision_id=Subquery(latest.values("pk")[:1]),
        latest_revision_at=Subquery(latest.values("created_at")[:1]),
        latest_revision_number=Subquery(latest.values("number")[:1]),
        live_revision_id=F("publication__revision_id"),
        live_revision_number=F("publication__revision__number"),
        last_reviewed=F("publication__last_reviewed"),
        next_review_due=F("publication__next_review_due"),
        withdrawn_at=F("publication__withdrawn_at"),
        withdrawn_reason=F("publication__withdrawn_reason"),
        shared_changes=shows_changed_records(),  # a publication's id is its article's
    ).annotate(
        latest_decision=Subquery(decision.values("decision")[:1]),
        latest_decision_comment=Subquery(decision.values("comment")[:1]),
    )


def showing_changed_records(publications: QuerySet[Publication]) -> QuerySet[Publication]:
    """The publications whose live revision shows a condition, category or warning sign
    changed since (state LIVE_PENDING). Found from the listing side, one semi-join per
    kind, rather than by testing every publication in turn."""
    conditions = ConditionListing.objects.stale().values("publication_id")
    categories = CategoryListing.objects.stale().values("publication_id")
    signs = CareStatement.objects.stale().values("publication_id")
    return publications.filter(Q(pk__in=conditions) | Q(pk__in=categories) | Q(pk__in=signs))


# A write that changes a condition or category without the ORM (raw SQL, a data
# migration's historical models) writes no ContentChange: seen within this many seconds.
CHANGED_RECORDS_SECONDS = 600


def live_showing_changed_records() -> list[dict[str, Any]]:
    """[{"pk", "title"}] of the public articles showing a changed condition, category or sign,
    by title: the dashboard's list.

    Finding them compares every condition listing with its record (about 150,000 rows
    and 90 ms at 10,000 articles), so the answer is cached under what can change it: the
    publication clock (each sign-off or withdrawal rewrites listings) and the newest
    content change (each write of a condition or category through the ORM records one,
    articles/history.py). Reading both is one query."""
    newest = ContentChange.objects.order_by("-pk").values("pk")[:1]
    versions = PublicationClock.objects.filter(pk=1).annotate(newest=Subquery(newest)).values_list("version", "newest")
    version = versions.first()  # None before the first sign-off: nothing to cache under
    cache_key = f"reviews:changed-records:{version[0]}:{version[1]}" if version else None
    rows = shared_cache.get(cache_key, list) if cache_key else None
    if rows is None:
        public = showing_changed_records(Publication.objects.public())
        rows = list(public.order_by("title", "pk").values("pk", "title"))
        if cache_key:
            shared_cache.set(cache_key, rows, CHANGED_RECORDS_SECONDS)
    return rows


def review_state(article: Any) -> State:
    """The State of an article annotated by with_review_state() (its annotations are
    not on the model, hence Any)."""
    if article.withdrawn_at:
        return State.WITHDRAWN
    if article.live_revision_id:
        if article.shared_changes or article.latest_revision_id != article.live_revision_id:
            return State.LIVE_PENDING
        return State.LIVE
    if article.latest_revision_id is None:
        return State.DRAFT
    if article.latest_decision == Decision.CHANGES_REQUESTED:
        return State.CHANGES_REQUESTED
    return State.WAITING


def in_state(state: State) -> Q:
    """The articles (annotated by with_review_state) that review_state() says are in
    ``state``, as a filter the database applies: the same rules, in the same order."""
    withdrawn = Q(withdrawn_at__isnull=False)
    live = Q(live_revision_id__isnull=False) & ~withdrawn
    changed = Q(shared_changes=True) | ~Q(latest_revision_id=F("live_revision_id"))
    unpublished = Q(live_revision_id__isnull=True)
    sent_back = Q(latest_decision=Decision.CHANGES_REQUESTED)
    submitted = unpublished & Q(latest_revision_id__isnull=False)
    return {
        State.WITHDRAWN: withdrawn,
        State.LIVE_PENDING: live & changed,
        State.LIVE: live & ~changed,
        State.DRAFT: unpublished & Q(latest_revision_id__isnull=True),
        State.CHANGES_REQUESTED: submitted & sent_back,
        State.WAITING: submitted & (Q(latest_decision__isnull=True) | ~sent_back),
    }[state]


def edited_since_submitted(article: Any) -> bool:
    """Whether an editor saved the working copy after its latest revision was frozen."""
    if article.last_edited_at is None:
        return False
    return article.latest_revision_at is None or article.last_edited_at > article.latest_revision_at


def revision_label(*, number: int, live: bool, withdrawn: bool, decision: str | None, superseded: bool) -> str:
    """What the rendered view of revision ``number`` shows: the live page, a proposal, or
    an old revision, and whether readers see it."""
    if live and withdrawn:
        return f"Revision {number}, live until the article was withdrawn (readers now get a “withdrawn” page)"
    if live:
        return "The live revision, as readers see it now"
    if decision == Decision.APPROVED:
        return f"Revision {number}, approved and live until a newer revision replaced it (readers no longer see it)"
    if decision == Decision.CHANGES_REQUESTED:
        return f"Revision {number}, sent back for changes (readers never saw it)"
    if superseded:
        return f"Revision {number}, superseded by a newer revision before a decision (readers never saw it)"
    return f"Revision {number} as readers would see it once approved (not live yet)"
