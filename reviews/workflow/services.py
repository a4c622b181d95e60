"""The review workflow. Each action is one keyword-only function, in one transaction,
that also appends its audit event; admin actions, workspace views and commands all come
through here.

``now`` parameters exist for imports and the demo content (backdated history); callers
serving a request leave them out.
"""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from articles.document import document_hash, load_document
from articles.models import Article, Condition, ContentHead, WarningSign
from reviews.provenance import log, statements
from reviews.provenance.audit import append_event
from reviews.provenance.models import Action, Decision, ReviewerProfile, Revision, SignOff
from reviews.readmodel import publishing
from reviews.readmodel.models import CareStatement, ConditionListing, Publication

from .four_eyes import HistoryTampered, approvers_barred, barred_approvers
from .models import ProblemReport


class ReviewError(ValidationError):
    """A workflow rule said no; the message is meant for the user."""


class FourEyesError(ReviewError):
    pass


class AlreadyDecided(ReviewError):
    pass


def _lock_article(article: Article) -> Article:
    locked: Article = Article.objects.select_for_update().get(pk=article.pk)
    return locked


def _publication(article: Article) -> Publication | None:
    return Publication.objects.filter(article=article).first()


def _newest(article: Any) -> QuerySet[Revision]:
    """The revisions of ``article`` (an Article, or an OuterRef to one), newest first: the
    one place that says which revision is newest."""
    return Revision.objects.filter(article=article).order_by("-number")


def latest_revision(article: Article) -> Revision | None:
    """The article's newest revision, without its snapshot (compare content_hash)."""
    return _newest(article).defer("snapshot").first()


@transaction.atomic
def submit_for_review(*, article: Article, by: User, summary: str, now: datetime.datetime | None = None) -> Revision:
    """Freeze the article's working copy into a new revision waiting for review."""
    if not by.has_perm("reviews.submit_revision"):
        raise PermissionDenied("You may not submit articles for review.")
    article = _lock_article(article)
    document = load_document(article.pk)
    assert document is not None  # the article is locked, so it still exists
    content_hash = document_hash(document)
    latest = latest_revision(article)
    if latest and latest.content_hash == content_hash:
        if not latest.signoffs.exists():
            raise ReviewError("This exact content is already waiting for review.", code="duplicate")
        publication = _publication(article)
        if publication and publication.revision_id == latest.pk and not publication.withdrawn:
            raise ReviewError(
                "Nothing has changed since the live revision. A reviewer can confirm it is still accurate instead.",
                code="unchanged",
            )
    revision = Revision(
        article=article,
        number=(latest.number + 1) if latest else 1,
        snapshot=document,
        content_hash=content_hash,
        summary=summary.strip(),
        created_by=by,
        last_edited_by_id=article.last_edited_by_id,
        created_at=now or timezone.now(),
    )
    # Who may not approve it, as the history stands now (approval checks again).
    try:
        revision.contributor_ids = sorted(barred_approvers(revision))
    except HistoryTampered as error:
        raise ReviewError(
            f"The content history does not verify ({error}), so it cannot be submitted. Tell a superuser.",
            code="tampered",
        ) from error
    revision.sealed().save()
    # The content history's head as four eyes read it: the audit chain, which the public
    # log anchors at every sign-off, then vouches for the history up to here.
    head = ContentHead.objects.filter(pk=1).values_list("seq", "hash").first() or (0, "0" * 64)
    append_event(
        action=Action.SUBMIT,
        article=article,
        actor=by,
        revision=revision,
        comment=revision.summary,
        now=now,
        data={"content_head": list(head)},
    )
    return revision


def reviewer_profile(user: User) -> ReviewerProfile:
    """The user's active reviewer profile, or PermissionDenied with a reason."""
    if not user.has_perm("reviews.sign_off_revision"):
        raise PermissionDenied("Only medical reviewers can sign off articles.")
    profile = ReviewerProfile.objects.filter(user=user, active=True).first()
    if profile is None:
        raise PermissionDenied("You need an active reviewer profile to sign off articles.")
    profile.user = user  # the sign-off names them: no second query for who they are
    return profile


def check_four_eyes(*, revision: Revision, reviewer: User) -> None:
    try:
        barred = approvers_barred(revision)
    except HistoryTampered as error:
        raise ReviewError(
            f"The content history does not verify ({error}), so who wrote what cannot be told. Tell a superuser.",
            code="tampered",
        ) from error
    if reviewer.pk in barred:
        raise FourEyesError(
            "You wrote or edited this revision, so another reviewer must sign it off.", code="four_eyes"
        )


def _sign(
    *, revision: Revision, profile: ReviewerProfile, decision: str, comment: str, now: datetime.datetime | None
) -> SignOff:
    """The sign-off row: the reviewer's name and credentials as they are today, bound to
    the hash of the content they read."""
    signoff = SignOff(
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
    signoff.sealed().save()
    return signoff


def _decide(
    *, revision: Revision, reviewer: User, decision: str, comment: str, now: datetime.datetime | None
) -> tuple[Article, Revision, SignOff]:
    profile = reviewer_profile(reviewer)
    article = _lock_article(revision.article)
    # Locked, and asked in the same read whether it is decided and still the newest. The
    # article is locked first, so this read starts after any other decision on it or
    # submission of it has committed, and sees them.
    decided = SignOff.objects.filter(
        revision=OuterRef("pk"), decision__in=[Decision.APPROVED, Decision.CHANGES_REQUESTED]
    )
    locked: Any = (  # a Revision with the two annotations
        Revision.objects.select_for_update()
        .annotate(decided=Exists(decided), newest_pk=Subquery(_newest(OuterRef("article")).values("pk")[:1]))
        .get(pk=revision.pk)
    )
    revision = locked
    if locked.decided:
        raise AlreadyDecided("Another reviewer has already decided this revision.", code="decided")
    if locked.newest_pk != revision.pk:
        raise ReviewError("A newer revision of this article has been submitted; review that one.", code="superseded")
    if not revision.is_authentic():
        raise ReviewError(
            "This revision no longer matches what was submitted, so it cannot be signed. Tell a superuser.",
            code="tampered",
        )
    if decision == Decision.APPROVED:
        check_four_eyes(revision=revision, reviewer=reviewer)
        clash = Publication.objects.filter(slug=revision.snapshot["slug"]).exclude(article=article).exists()
        if clash:
            raise ReviewError(
                f"Another live article already uses the address “{revision.snapshot['slug']}”; "
                "an editor must change one of them.",
                code="slug_taken",
            )
    try:
        with transaction.atomic():
            signoff = _sign(revision=revision, profile=profile, decision=decision, comment=comment, now=now)
    except IntegrityError as error:  # the unique constraint caught a race the lock did not
        raise AlreadyDecided("Another reviewer has already decided this revision.", code="decided") from error
    return article, revision, signoff


@transaction.atomic
def approve(*, revision: Revision, reviewer: User, comment: str = "", now: datetime.datetime | None = None) -> SignOff:
    """Sign off ``revision`` and make it live at once."""
    article, revision, signoff = _decide(
        revision=revision, reviewer=reviewer, decision=Decision.APPROVED, comment=comment, now=now
    )
    publication = publishing.publish(article=article, revision=revision, signoff=signoff)
    event = append_event(
        action=Action.APPROVE, article=article, actor=reviewer, revision=revision, comment=signoff.comment, now=now
    )
    publishing.log_signoff(publication, signoff, event)
    return signoff


@transaction.atomic
def request_changes(
    *, revision: Revision, reviewer: User, comment: str, now: datetime.datetime | None = None
) -> SignOff:
    """Send ``revision`` back to the editors with a comment; the live revision stays live."""
    if not comment.strip():
        raise ReviewError("Say what needs to change.", code="comment_required")
    article, revision, signoff = _decide(
        revision=revision, reviewer=reviewer, decision=Decision.CHANGES_REQUESTED, comment=comment, now=now
    )
    append_event(
        action=Action.REQUEST_CHANGES,
        article=article,
        actor=reviewer,
        revision=revision,
        comment=signoff.comment,
        now=now,
    )
    return signoff


@transaction.atomic
def confirm_still_accurate(
    *, article: Article, reviewer: User, comment: str = "", now: datetime.datetime | None = None
) -> SignOff:
    """Annual review of unchanged content: re-sign the live revision; the dates move, the text does not."""
    profile = reviewer_profile(reviewer)
    article = _lock_article(article)
    publication = _publication(article)
    if publication is None or publication.withdrawn:
        raise ReviewError("Only a live article can be confirmed as still accurate.", code="not_live")
    revision = publication.revision
    if not revision.is_authentic():
        raise ReviewError(
            "The live revision no longer matches what was signed, so it cannot be confirmed. Tell a superuser.",
            code="tampered",
        )
    check_four_eyes(revision=revision, reviewer=reviewer)
    signoff = _sign(revision=revision, profile=profile, decision=Decision.CONFIRMED, comment=comment, now=now)
    publication = publishing.publish(article=article, revision=revision, signoff=signoff)
    event = append_event(
        action=Action.CONFIRM, article=article, actor=reviewer, revision=revision, comment=signoff.comment, now=now
    )
    publishing.log_signoff(publication, signoff, event)
    return signoff


@transaction.atomic
def withdraw(*, article: Article, by: User, reason: str, now: datetime.datetime | None = None) -> Publication:
    """Take an article off the public site at once (readers get 410 Gone)."""
    if not by.has_perm("reviews.withdraw_article"):
        raise PermissionDenied("Only site admins can withdraw articles.")
    if not reason.strip():
        raise ReviewError("Give the reason for withdrawing the article.", code="reason_required")
    article = _lock_article(article)
    publication = _publication(article)
    if publication is None or publication.withdrawn:
        raise ReviewError("This article is not live.", code="not_live")
    publishing.withdraw(publication=publication, reason=reason.strip(), now=now or timezone.now())
    event = append_event(
        action=Action.WITHDRAW,
        article=article,
        actor=by,
        revision=publication.revision,
        comment=publication.withdrawn_reason,
        now=now,
    )
    log.record(
        article=article,
        revision=publication.revision,
        decision=statements.WITHDRAWN,
        event=event,
        content_hash=publication.content_hash,
        slug=publication.slug,
        last_reviewed=publication.last_reviewed,
        next_review_due=publication.next_review_due,
        withdrawn_by=event.actor_name,
    )
    return publication


@transaction.atomic
def record_condition_change(
    *,
    condition: Condition,
    by: User,
    changes: dict[str, tuple[str, str]],
    now: datetime.datetime | None = None,
) -> list[Article]:
    """A condition's name or gloss changed: log it against every public article whose
    live revision shows it (they now have changes pending review, derived from the
    listing tables). ``changes`` maps field name to (old, new). Returns those articles."""
    showing = ConditionListing.objects.showing(condition).values("publication")
    data = {"condition": condition.pk}
    return _record_shared_change(Action.CONDITION_CHANGED, condition.name, data, showing, by, changes, now)


@transaction.atomic
def record_sign_change(
    *,
    sign: WarningSign,
    by: User,
    changes: dict[str, tuple[str, str]],
    now: datetime.datetime | None = None,
) -> list[Article]:
    """A warning sign's wording, tier or condition changed: log it against every public
    article whose live revision gives it (they now have changes pending review, derived
    from their care statements). Returns those articles."""
    showing = CareStatement.objects.public().filter(record=sign).values("publication")
    data = {"sign": sign.pk}
    return _record_shared_change(Action.SIGN_CHANGED, "Warning sign", data, showing, by, changes, now)


def _record_shared_change(
    action: Action,
    name: str,
    data: dict[str, Any],
    showing: QuerySet[Any],
    by: User,
    changes: dict[str, tuple[str, str]],
    now: datetime.datetime | None,
) -> list[Article]:
    """Log ``action`` (a shared record's ``changes``, {field: (old, new)}) against each
    article of the publications ``showing``; returns those articles."""
    articles = list(Article.objects.select_for_update().filter(pk__in=showing).order_by("pk"))
    live = dict(Publication.objects.filter(pk__in=[a.pk for a in articles]).values_list("pk", "revision_id"))
    revisions = Revision.objects.defer("snapshot").in_bulk(live.values())
    for article in articles:
        append_event(
            action=action,
            article=article,
            actor=by,
            revision=revisions[live[article.pk]],
            comment=f"{name}: " + "; ".join(f"{field} “{old}” → “{new}”" for field, (old, new) in changes.items()),
            data={**data, "changes": {field: [old, new] for field, (old, new) in changes.items()}},
            now=now,
        )
    return articles


@transaction.atomic
def resolve_report(*, report: ProblemReport, by: User, note: str) -> ProblemReport:
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
    append_event(
        action=Action.REPORT_RESOLVED,
        article=report.article,
        actor=by,
        revision=report.revision,
        comment=report.resolution_note,
        data={"report": report.pk},
    )
    return report


@transaction.atomic
def file_report(*, publication: Publication, message: str, email: str, language: str = "") -> ProblemReport:
    """Record a reader's report against the live revision they were reading (or its
    translation into ``language``, which the report names). The audit event names the
    report, never its words or the reader's address: the log is kept for good, and a
    reader's message may hold what they would want erased."""
    shown = {"article_id": publication.article_id, "revision_id": publication.revision_id, "language": language}
    report = ProblemReport.objects.create(message=message, email=email, **shown)
    append_event(
        action=Action.REPORT_FILED,
        article=publication.article,
        actor_name="a reader",
        revision=publication.revision,
        data={"report": report.pk, **({"language": language} if language else {})},
    )
    return report
