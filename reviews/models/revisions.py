from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from articles.models import Article

from .base import AppendOnly
from .profiles import ReviewerProfile


class RevisionQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(signoffs__isnull=True)

    def waiting(self):
        """The latest revision of each article while it has no decision: what waits for
        review. Its ids are found from indexes alone (revision_waiting and the sign-offs'
        revision index), so finding them reads no snapshot whatever the number of revisions."""
        decided = SignOff.objects.filter(revision=OuterRef("pk"))
        later = self.model.objects.filter(article=OuterRef("article"), number__gt=OuterRef("number"))
        return self.filter(pk__in=self.model.objects.filter(~Exists(decided), ~Exists(later)).values("pk"))


class Revision(AppendOnly):
    """An immutable snapshot of an article's document, as submitted for review."""

    immutable_message = "A revision cannot be changed or deleted once created."

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    content_hash = models.CharField("SHA-256", max_length=64)
    summary = models.TextField("change summary", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who last edited the working copy this revision froze.",
    )
    contributor_ids = models.JSONField(
        default=list,
        blank=True,
        help_text="Everyone who changed what this revision shows since the article's last approved revision, "
        "as the content history said when it was frozen (reviews/four_eyes.py).",
    )
    created_at = models.DateTimeField()
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/sealing.py).")

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
        # What waits for review, found without reading the rows (RevisionQuerySet.waiting).
        indexes = [models.Index(fields=["article", "number", "id"], name="revision_waiting")]
        permissions = [
            ("submit_revision", "Can submit articles for review"),
            ("sign_off_revision", "Can approve, request changes or confirm revisions"),
            ("withdraw_article", "Can withdraw a live article"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
        ]

    def __str__(self):
        return f"{self.article} · revision {self.number}"

    def barred_approver_ids(self):
        """Users who may not approve this revision, as it stood when it was frozen;
        reviews/four_eyes.py adds what the history says since."""
        return {uid for uid in (self.created_by_id, self.last_edited_by_id, *self.contributor_ids) if uid}


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    CONFIRMED = "confirmed", "Confirmed still accurate"


class SignOff(models.Model):
    """A reviewer's decision on one revision, bound to the content hash they read."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="signoffs")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signoffs")
    profile = models.ForeignKey(ReviewerProfile, on_delete=models.PROTECT, related_name="signoffs")
    # Copied so the byline shows the credentials the reviewer held that day.
    reviewer_name = models.CharField(max_length=150)
    credentials = models.CharField(max_length=120)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    content_hash = models.CharField("SHA-256 read", max_length=64)
    signed_at = models.DateTimeField()
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/sealing.py).")

    class Meta:
        ordering = ["-signed_at", "-pk"]
        # The dashboard's "recently signed" reads the newest few without a sort.
        indexes = [models.Index(fields=["signed_at", "id"], name="signoff_signed_at")]
        constraints = [
            # A revision gets one decision; confirmations of a live revision may repeat yearly.
            models.UniqueConstraint(
                fields=["revision"],
                condition=Q(decision__in=["approved", "changes_requested"]),
                name="signoff_one_decision_per_revision",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["approved", "changes_requested", "confirmed"]), name="signoff_decision_valid"
            ),
            models.CheckConstraint(
                condition=~Q(decision="changes_requested") | ~Q(comment=""), name="signoff_changes_need_comment"
            ),
        ]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.reviewer_name} on {self.signed_at:%Y-%m-%d}"
