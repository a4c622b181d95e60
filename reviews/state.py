"""An article's review state, derived from its revisions, sign-offs and publication
(never stored)."""

from typing import Any

from django.db import models
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from articles.models import Article

from .models import ConditionListing, Decision, PublishedCategory, Revision, SignOff


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
    stale_conditions = ConditionListing.objects.stale().filter(publication=OuterRef("pk"))
    stale_categories = PublishedCategory.objects.stale().filter(publication=OuterRef("pk"))
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
        shared_changes=Exists(stale_conditions) | Exists(stale_categories),
    ).annotate(
        latest_decision=Subquery(decision.values("decision")[:1]),
        latest_decision_comment=Subquery(decision.values("comment")[:1]),
    )


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


def edited_since_submitted(article: Any) -> bool:
    """Whether an editor saved the working copy after its latest revision was frozen."""
    if article.last_edited_at is None:
        return False
    return article.latest_revision_at is None or article.last_edited_at > article.latest_revision_at
