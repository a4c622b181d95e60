"""Medical review: who may sign off, what they signed, and the log of every action.

State changes go through reviews/services.py, never through these models directly.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from articles.models import Article


class ReviewerProfile(models.Model):
    """A clinician whose name and credentials appear on the articles they sign off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile")
    slug = models.SlugField(max_length=120, unique=True)
    display_name = models.CharField(max_length=150, help_text="As readers see it, e.g. “Dr Rosa Reyes”.")
    credentials = models.CharField(max_length=120, help_text="E.g. “MD, FACS”.")
    specialty = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True)
    active = models.BooleanField(default=True, help_text="Inactive reviewers cannot sign off.")

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(display_name=""), name="reviewer_name_not_empty"),
            models.CheckConstraint(condition=~Q(credentials=""), name="reviewer_credentials_not_empty"),
        ]

    def __str__(self):
        return f"{self.display_name}, {self.credentials}"

    def get_absolute_url(self):
        return reverse("reviews:reviewer", args=[self.slug])


class RevisionQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(signoffs__isnull=True)


class Revision(models.Model):
    """An immutable snapshot of an article's document, as submitted for review."""

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
        help_text="Everyone who changed what this revision shows since the previous one (admin edits of the "
        "article, name or gloss edits of its conditions).",
    )
    created_at = models.DateTimeField()

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
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

    def save(self, *args, **kwargs):
        # What a reviewer signed must stay exactly what they read.
        if not self._state.adding:
            raise ValidationError("A revision cannot be changed once created.", code="immutable")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:revision", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ValidationError("A revision cannot be deleted.", code="immutable")

    def authors(self):
        """Users who may not approve this revision (four eyes)."""
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

    class Meta:
        ordering = ["-signed_at", "-pk"]
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


class Action(models.TextChoices):
    SUBMIT = "submit", "Submitted for review"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    CONFIRM = "confirm", "Confirmed still accurate"
    WITHDRAW = "withdraw", "Withdrawn"
    GLOSS_CHANGE = "gloss_change", "Condition changed"


class ReviewEvent(models.Model):
    """Append-only audit log. Each row hashes its own content and the previous row's
    hash, so `manage.py verify_audit_log` finds a row that was altered or removed."""

    seq = models.PositiveBigIntegerField(unique=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="review_events")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]

    def __str__(self):
        return f"#{self.seq} {self.get_action_display()} · {self.article_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Review events are append-only.", code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Review events are append-only.", code="append_only")

    def content(self):
        """The fields the hash covers, as one canonical string."""
        return json.dumps(
            {
                "seq": self.seq,
                "action": self.action,
                "actor": self.actor_id,
                "actor_name": self.actor_name,
                "article": self.article_id,
                "revision": self.revision_id,
                "comment": self.comment,
                "data": self.data,
                "created_at": self.created_at.isoformat(),
                "prev_hash": self.prev_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )

    def compute_hash(self):
        return hashlib.sha256(self.content().encode()).hexdigest()


class AuditHead(models.Model):
    """The single row that serialises appends to the audit chain (locked per append)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"audit head at #{self.seq}"


class ReminderLog(models.Model):
    """One row per reviewer per day a reminder went out, so cron can run it often."""

    reviewer = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    article_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reviewer", "sent_on"], name="one_reminder_per_day")]

    def __str__(self):
        return f"{self.reviewer} reminded on {self.sent_on}"


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ProblemReport(models.Model):
    """A reader's report about a page, tied to the live revision they were reading."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="problem_reports")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="problem_reports")
    message = models.TextField(max_length=2000)
    email = models.EmailField(blank=True, help_text="Optional, for a reply.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="report_message_not_empty"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution_note=""), name="report_resolution_has_note"
            ),
        ]

    def __str__(self):
        return f"Report on {self.article} ({self.created_at:%Y-%m-%d})"
