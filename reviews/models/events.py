import json

from django.conf import settings
from django.db import models

from articles.models import Article

from .base import AppendOnly
from .revisions import Revision


class Action(models.TextChoices):
    SUBMIT = "submit", "Submitted for review"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    CONFIRM = "confirm", "Confirmed still accurate"
    WITHDRAW = "withdraw", "Withdrawn"
    # The stored value predates renames being recorded too; it stays for the hash chain.
    CONDITION_CHANGED = "gloss_change", "Condition changed"
    # Accounts: who may sign off, and the credentials readers see.
    ROLE_CHANGED = "role_change", "Roles or permissions changed"
    PASSWORD_CHANGED = "password_change", "Password changed"
    ACCOUNT_CHANGED = "account_change", "Account changed"
    PROFILE_CHANGED = "profile_change", "Reviewer profile changed"


ACCOUNT_ACTIONS = [Action.ROLE_CHANGED, Action.PASSWORD_CHANGED, Action.ACCOUNT_CHANGED, Action.PROFILE_CHANGED]


class ReviewEvent(AppendOnly):
    """Append-only audit log. Each row seals its own content and the previous row's
    hash, so `manage.py verify_audit_log` finds a row that was altered or removed."""

    immutable_message = "Review events are append-only."

    seq = models.PositiveBigIntegerField(unique=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    article = models.ForeignKey(Article, on_delete=models.PROTECT, null=True, blank=True, related_name="review_events")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The account an account event is about.",
    )
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        # The dashboard's account changes: a few actions among many, newest first.
        indexes = [models.Index(fields=["action", "seq"], name="reviewevent_action_seq")]

    def __str__(self):
        return f"#{self.seq} {self.get_action_display()} · {self.article_id or self.subject_id}"

    def content(self):
        """The fields the hash covers, as one canonical string."""
        fields = {
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
        }
        if self.subject_id is not None:  # only account events have one; older hashes stay valid
            fields["subject"] = self.subject_id
        return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def compute_hash(self):
        """HMAC-SHA256 of the content with AUDIT_KEY (reviews/sealing.py): rewriting the
        chain takes the key, not only database access."""
        from ..sealing import chain_hash

        return chain_hash(self.content())


class AuditHead(models.Model):
    """The single row that serialises appends to the audit chain (locked per append)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"audit head at #{self.seq}"
