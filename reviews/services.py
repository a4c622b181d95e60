"""The review workflow. Each action is one function, in one transaction, that also writes
its audit event; admin actions, workspace views and commands all come through here.

``now`` parameters exist for imports and the demo content (backdated history); callers
serving a request leave them out.
"""

import datetime

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.document import build_document, condition_ids, document_hash, document_queryset, stale_conditions
from articles.live import publish_live_page, withdraw_live_page
from articles.models import Article, Condition, LivePage

from .models import Action, AuditHead, Decision, ProblemReport, ReviewerProfile, ReviewEvent, Revision, SignOff


class ReviewError(ValidationError):
    """A workflow rule said no; the message is meant for the user."""


class FourEyesError(ReviewError):
    pass


class AlreadyDecided(ReviewError):
    pass


def review_interval():
    return datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)


def _display_name(user):
    return user.get_full_name() or user.get_username() if user else ""


def log_event(*, action, article, actor=None, revision=None, comment="", data=None, now=None, actor_name=None):
    """Append one event to the hash chain. Call inside the action's transaction."""
    head = AuditHead.objects.select_for_update().get_or_create(pk=1)[0]
    event = ReviewEvent(
        seq=head.seq + 1,
        action=action,
        actor=actor,
        actor_name=actor_name if actor_name is not None else _display_name(actor),
        article=article,
        revision=revision,
        comment=comment,
        data=data or {},
        # UTC, as the database gives it back, so the hash verifies later.
        created_at=(now or timezone.now()).astimezone(datetime.UTC),
        prev_hash=head.hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def _lock_article(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def latest_revision(article):
    return Revision.objects.filter(article=article).order_by("-number").first()


@transaction.atomic
def submit_for_review(*, article, by, summary, now=None):
    """Freeze the article's working copy into a new revision waiting for review."""
    if not by.has_perm("reviews.submit_revision"):
        raise PermissionDenied("You may not submit articles for review.")
    article = _lock_article(article)
    document = build_document(document_queryset().get(pk=article.pk))
    content_hash = document_hash(document)
    latest = latest_revision(article)
    if latest and latest.content_hash == content_hash:
        if not latest.signoffs.exists():
            raise ReviewError("This exact content is already waiting for review.", code="duplicate")
        if latest.pk == article.live_revision_id and not article.withdrawn_at:
            raise ReviewError(
                "Nothing has changed since the live revision. A reviewer can confirm it is still accurate instead.",
                code="unchanged",
            )
    revision = Revision.objects.create(
        article=article,
        contributor_ids=contributors(article=article, since=latest.created_at if latest else None),
        number=(latest.number + 1) if latest else 1,
        snapshot=document,
        content_hash=content_hash,
        summary=summary.strip(),
        created_by=by,
        last_edited_by=article.last_edited_by,
        created_at=now or timezone.now(),
    )
    log_event(action=Action.SUBMIT, article=article, actor=by, revision=revision, comment=revision.summary, now=now)
    return revision


def contributors(*, article, since):
    """Ids of users who changed what the article shows since ``since``: every admin edit
    of the article (not only the last) and every name or gloss edit of a condition it
    shows, from the admin's log and the review log."""
    edits = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        action_flag__in=[ADDITION, CHANGE],
    )
    glosses = ReviewEvent.objects.filter(article=article, action=Action.GLOSS_CHANGE)
    if since:
        edits, glosses = edits.filter(action_time__gt=since), glosses.filter(created_at__gt=since)
    ids = set(edits.values_list("user_id", flat=True)) | set(glosses.values_list("actor_id", flat=True))
    return sorted(uid for uid in ids if uid)


def reviewer_profile(user):
    """The user's active reviewer profile, or PermissionDenied with a reason."""
    if not user.has_perm("reviews.sign_off_revision"):
        raise PermissionDenied("Only medical reviewers can sign off articles.")
    profile = ReviewerProfile.objects.filter(user=user, active=True).first()
    if profile is None:
        raise PermissionDenied("You need an active reviewer profile to sign off articles.")
    return profile


def check_four_eyes(*, revision, reviewer):
    if reviewer.pk in revision.authors():
        raise FourEyesError(
            "You wrote or edited this revision, so another reviewer must sign it off.", code="four_eyes"
        )


def _sign(*, revision, profile, decision, comment, now):
    """The sign-off row: the reviewer's name and credentials as they are today, bound to
    the hash of the content they read."""
    return SignOff.objects.create(
        revision=revision,
        reviewer=profile.user,
        profile=profile,
        reviewer_name=profile.display_name,
        credentials=profile.credentials,
        decision=decision,
        comment=comment.strip(),
        content_hash=revision.content_hash,
        signed_at=now or timezone.now(),
    )


def _decide(*, revision, reviewer, decision, comment, now):
    profile = reviewer_profile(reviewer)
    article = _lock_article(revision.article)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.signoffs.filter(decision__in=[Decision.APPROVED, Decision.CHANGES_REQUESTED]).exists():
        raise AlreadyDecided("Another reviewer has already decided this revision.", code="decided")
    if latest_revision(article).pk != revision.pk:
        raise ReviewError("A newer revision of this article has been submitted; review that one.", code="superseded")
    if decision == Decision.APPROVED:
        check_four_eyes(revision=revision, reviewer=reviewer)
        clash = LivePage.objects.filter(slug=revision.snapshot["slug"]).exclude(article=article).first()
        if clash:
            raise ReviewError(
                f"Another live article already uses the address “{clash.slug}”; an editor must change one of them.",
                code="slug_taken",
            )
    try:
        with transaction.atomic():
            signoff = _sign(revision=revision, profile=profile, decision=decision, comment=comment, now=now)
    except IntegrityError as error:  # the unique constraint caught a race the lock did not
        raise AlreadyDecided("Another reviewer has already decided this revision.", code="decided") from error
    return article, revision, signoff


def _make_live(*, article, revision, signoff):
    reviewed_on = timezone.localdate(signoff.signed_at)
    article.live_revision = revision
    article.last_reviewed = reviewed_on
    article.next_review_due = reviewed_on + review_interval()
    article.withdrawn_at = None
    article.withdrawn_reason = ""
    article.save(
        update_fields=[
            "live_revision",
            "last_reviewed",
            "next_review_due",
            "withdrawn_at",
            "withdrawn_reason",
            "shared_changes_pending",
        ]
    )
    publish_live_page(article=article, document=revision.snapshot, history=public_history(article))


@transaction.atomic
def approve(*, revision, reviewer, comment="", now=None):
    """Sign off ``revision`` and make it live at once."""
    article, revision, signoff = _decide(
        revision=revision, reviewer=reviewer, decision=Decision.APPROVED, comment=comment, now=now
    )
    # Still pending if a condition changed after this revision was frozen. The locks make
    # a condition save that is committing now finish first, so its change is seen here.
    list(Condition.objects.select_for_update().filter(pk__in=condition_ids(revision.snapshot)).values_list("pk"))
    article.shared_changes_pending = bool(stale_conditions(revision.snapshot))
    _make_live(article=article, revision=revision, signoff=signoff)
    log_event(
        action=Action.APPROVE, article=article, actor=reviewer, revision=revision, comment=signoff.comment, now=now
    )
    return signoff


@transaction.atomic
def request_changes(*, revision, reviewer, comment, now=None):
    """Send ``revision`` back to the editors with a comment; the live revision stays live."""
    if not comment.strip():
        raise ReviewError("Say what needs to change.", code="comment_required")
    article, revision, signoff = _decide(
        revision=revision, reviewer=reviewer, decision=Decision.CHANGES_REQUESTED, comment=comment, now=now
    )
    log_event(
        action=Action.REQUEST_CHANGES,
        article=article,
        actor=reviewer,
        revision=revision,
        comment=signoff.comment,
        now=now,
    )
    return signoff


@transaction.atomic
def confirm_still_accurate(*, article, reviewer, comment="", now=None):
    """Annual review of unchanged content: re-sign the live revision; the dates move, the text does not."""
    profile = reviewer_profile(reviewer)
    article = _lock_article(article)
    if article.live_revision_id is None or article.withdrawn_at:
        raise ReviewError("Only a live article can be confirmed as still accurate.", code="not_live")
    revision = article.live_revision
    check_four_eyes(revision=revision, reviewer=reviewer)
    signoff = _sign(revision=revision, profile=profile, decision=Decision.CONFIRMED, comment=comment, now=now)
    _make_live(article=article, revision=revision, signoff=signoff)
    log_event(
        action=Action.CONFIRM, article=article, actor=reviewer, revision=revision, comment=signoff.comment, now=now
    )
    return signoff


@transaction.atomic
def withdraw(*, article, by, reason, now=None):
    """Take an article off the public site at once (readers get 410 Gone)."""
    if not by.has_perm("reviews.withdraw_article"):
        raise PermissionDenied("Only site admins can withdraw articles.")
    if not reason.strip():
        raise ReviewError("Give the reason for withdrawing the article.", code="reason_required")
    article = _lock_article(article)
    if article.live_revision_id is None or article.withdrawn_at:
        raise ReviewError("This article is not live.", code="not_live")
    article.withdrawn_at = now or timezone.now()
    article.withdrawn_reason = reason.strip()
    article.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    withdraw_live_page(article=article, reason=article.withdrawn_reason)
    log_event(
        action=Action.WITHDRAW,
        article=article,
        actor=by,
        revision=article.live_revision,
        comment=article.withdrawn_reason,
        now=now,
    )


@transaction.atomic
def record_condition_change(*, condition, by, changes, now=None):
    """A condition's name or gloss changed: flag every live article that shows it.

    ``changes`` maps field name to (old, new). Returns the flagged articles."""
    showing = Article.objects.filter(live_page__mentions__condition=condition, live_page__withdrawn=False)
    articles = list(Article.objects.select_for_update().filter(pk__in=showing.values("pk")).order_by("pk"))
    for article in articles:
        article.shared_changes_pending = True
        article.save(update_fields=["shared_changes_pending"])
        log_event(
            action=Action.GLOSS_CHANGE,
            article=article,
            actor=by,
            revision=article.live_revision,
            comment=f"{condition.name}: "
            + "; ".join(f"{field} “{old}” → “{new}”" for field, (old, new) in changes.items()),
            data={"condition": condition.pk, "changes": {field: [old, new] for field, (old, new) in changes.items()}},
            now=now,
        )
    return articles


def public_history(article):
    """Dates and reviewers of the sign-offs that made or kept the article live; no comments."""
    signoffs = (
        SignOff.objects.filter(revision__article=article, decision__in=[Decision.APPROVED, Decision.CONFIRMED])
        .select_related("profile")
        .order_by("-signed_at", "-pk")
    )
    return [
        {
            "date": timezone.localdate(s.signed_at).isoformat(),
            "kind": s.decision,
            "reviewer": s.reviewer_name,
            "credentials": s.credentials,
            "slug": s.profile.slug,
        }
        for s in signoffs
    ]


@transaction.atomic
def resolve_report(*, report, by, note):
    """Close a reader's problem report with what was done about it."""
    if not by.has_perm("reviews.change_problemreport"):
        raise PermissionDenied("Only reviewers and site admins resolve problem reports.")
    if not note.strip():
        raise ReviewError("Say what was done about the report.", code="note_required")
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at:
        raise ReviewError("This report was already resolved.", code="resolved")
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.resolution_note = note.strip()
    report.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
    return report
