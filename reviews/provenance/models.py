"""The sealed record of review: what was submitted (revisions, each a frozen document
with its SHA-256), who decided what about it (sign-offs, bound to that hash), the
clinicians who sign (reviewer profiles), and the audit chain of every review and account
action. Everything else of the review side is built on these rows; they are written
only by the workflow's actions (reviews/workflow/services.py) and accounts' audit, and
never changed (AppendOnly)."""

import json
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver

from articles.document import document_hash
from articles.models import AppendOnly, AppendOnlyQuerySet, Article

from . import sealing
from .profiles import fold, validate_languages


class ReviewerProfile(models.Model):
    """A clinician whose name and credentials appear on the articles they sign off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile")
    slug = models.SlugField(max_length=120, unique=True)
    display_name = models.CharField(
        max_length=150, unique=True, help_text="As readers see it, e.g. “Dr Rosa Reyes”. No two reviewers share one."
    )
    credentials = models.CharField(max_length=120, help_text="E.g. “MD, FACS”.")
    registration = models.CharField(
        "professional registration",
        max_length=60,
        unique=True,
        help_text="The regulator and number that prove who this clinician is, e.g. “GMC 7012345” or “NPI "
        "1234567890”; checked by a superuser before the profile is made.",
    )
    specialty = models.CharField(max_length=150, blank=True)
    languages = models.CharField(
        "languages reviewed in",
        max_length=60,
        default="en",
        validators=[validate_languages],
        help_text="Codes such as “en es”: only a clinician listing a translation's language signs it off.",
    )
    bio = models.TextField(blank=True)
    active = models.BooleanField(default=True, help_text="Inactive reviewers cannot sign off.")
    # The name and registration folded (fold()): unique, so "Dr Rosa  Reyes" or "dr. rosa
    # reyes" is not a second clinician beside "Dr Rosa Reyes". Written on every save.
    name_key = models.CharField(max_length=150, unique=True, editable=False)
    registration_key = models.CharField(max_length=60, unique=True, editable=False)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(display_name=""), name="reviewer_name_not_empty"),
            models.CheckConstraint(condition=~Q(credentials=""), name="reviewer_credentials_not_empty"),
            models.CheckConstraint(condition=~Q(registration=""), name="reviewer_registration_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"

    def reviews_in(self, language: str) -> bool:
        return language.split("-")[0] in self.languages.split()

    def fold_keys(self) -> None:
        self.name_key, self.registration_key = fold(self.display_name), fold(self.registration)

    def clean(self) -> None:
        """A clear form error for a name or registration another profile has, once case,
        spaces and punctuation are set aside."""
        self.fold_keys()
        others = ReviewerProfile.objects.exclude(pk=self.pk)
        errors = {}
        same = "compared without case, spaces or punctuation"
        if self.name_key and (other := others.filter(name_key=self.name_key).first()):
            errors["display_name"] = f"“{other.display_name}” is already a reviewer: names are {same}."
        if self.registration_key and (other := others.filter(registration_key=self.registration_key).first()):
            errors["registration"] = f"“{other.registration}” is already registered: registrations are {same}."
        if errors:
            raise ValidationError(errors)


@receiver(pre_save, sender=ReviewerProfile)
def _fold_reviewer_keys(sender: Any, instance: ReviewerProfile, **kwargs: Any) -> None:
    """On every save, a backup's import included (which does not call save())."""
    instance.fold_keys()


class RevisionQuerySet(AppendOnlyQuerySet["Revision"]):
    def undecided(self) -> "RevisionQuerySet":
        return self.filter(signoffs__isnull=True)

    def waiting(self) -> "RevisionQuerySet":
        """The latest revision of each article while it has no decision: what waits for
        review. Its ids are found from indexes alone (revision_waiting and the sign-offs'
        revision index), so finding them reads no snapshot whatever the number of revisions."""
        decided = SignOff.objects.filter(revision=OuterRef("pk"))
        later = self.model.objects.filter(article=OuterRef("article"), number__gt=OuterRef("number"))
        return self.filter(pk__in=self.model.objects.filter(~Exists(decided), ~Exists(later)).values("pk"))


RevisionManager = models.Manager.from_queryset(RevisionQuerySet)


class Revision(sealing.Sealed, AppendOnly):
    """An immutable snapshot of an article's document, as submitted for review."""

    immutable_message = "A revision cannot be changed or deleted once created."
    # Since revision seals cover who may not approve: earlier seals ("revision") still
    # verify over what they covered, and a later seal never verifies as one of them.
    seal_kind = "revision/2"
    legacy_seal_kind = "revision"

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
        "as the content history said when it was frozen (reviews/workflow/four_eyes.py).",
    )
    created_at = models.DateTimeField()
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/provenance/sealing.py).")

    objects: ClassVar[RevisionManager["Revision"]] = RevisionManager()

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

    def __str__(self) -> str:
        return f"{self.article} · revision {self.number}"

    def barred_approver_ids(self) -> set[int]:
        """Users who may not approve this revision, as it stood when it was frozen;
        reviews/workflow/four_eyes.py adds what the history says since."""
        return {uid for uid in (self.created_by_id, self.last_edited_by_id, *self.contributor_ids) if uid}

    def seal_payload(self) -> dict[str, Any]:
        """What the revision's seal covers: which article and revision, the content hash,
        who submitted it when, and who may not approve it as it was frozen (the last
        editor and the contributors four eyes found): clearing them is found."""
        return {
            **self.legacy_seal_payload(),
            "last_edited_by": self.last_edited_by_id,
            "contributors": sorted(self.contributor_ids),
        }

    def legacy_seal_payload(self) -> dict[str, Any]:
        """What a revision's seal covered before it covered who may not approve it."""
        return {
            "article": self.article_id,
            "number": self.number,
            "content_hash": self.content_hash,
            "created_by": self.created_by_id,
            "created_at": sealing.utc(self.created_at),
        }

    def seal_intact(self) -> bool:
        return super().seal_intact() or sealing.intact(self.legacy_seal_kind, self.legacy_seal_payload(), self.seal)

    def snapshot_matches(self) -> bool:
        """The snapshot hashes to the content hash."""
        return document_hash(self.snapshot) == self.content_hash

    def is_authentic(self) -> bool:
        """The snapshot is what was submitted: it hashes to the content hash the seal vouches for."""
        return self.snapshot_matches() and self.seal_intact()


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    CONFIRMED = "confirmed", "Confirmed still accurate"


class SignOff(sealing.Sealed, AppendOnly):
    """A reviewer's decision on one revision, bound to the content hash they read."""

    immutable_message = "A sign-off cannot be changed or deleted once given."
    seal_kind = "signoff"

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
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/provenance/sealing.py).")

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

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer_name} on {self.signed_at:%Y-%m-%d}"

    def seal_payload(self) -> dict[str, Any]:
        """What the sign-off's seal covers: who decided what, with which credentials,
        about which content, when."""
        return {
            "revision": self.revision_id,
            "reviewer": self.reviewer_id,
            "profile": self.profile_id,
            "reviewer_name": self.reviewer_name,
            "credentials": self.credentials,
            "decision": self.decision,
            "comment": self.comment,
            "content_hash": self.content_hash,
            "signed_at": sealing.utc(self.signed_at),
        }


class Action(models.TextChoices):
    SUBMIT = "submit", "Submitted for review"
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"
    CONFIRM = "confirm", "Confirmed still accurate"
    WITHDRAW = "withdraw", "Withdrawn"
    # The stored value predates renames being recorded too; it stays for the hash chain.
    CONDITION_CHANGED = "gloss_change", "Condition changed"
    SIGN_CHANGED = "sign_change", "Warning sign changed"
    # Accounts: who may sign off, and the credentials readers see.
    ROLE_CHANGED = "role_change", "Roles or permissions changed"
    PASSWORD_CHANGED = "password_change", "Password changed"
    ACCOUNT_CHANGED = "account_change", "Account changed"
    PROFILE_CHANGED = "profile_change", "Reviewer profile changed"
    # Readers' reports about a page, and what was done about them.
    REPORT_FILED = "report_filed", "Report from a reader"
    REPORT_RESOLVED = "report_resolved", "Report resolved"
    TRANSLATION_SUBMIT = "translation_submit", "Translation submitted for review"
    TRANSLATION_APPROVE = "translation_approve", "Translation approved"
    TRANSLATION_CHANGES = "translation_changes", "Changes requested to a translation"


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

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_action_display()} · {self.article_id or self.subject_id}"

    def content(self) -> str:
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

    def compute_hash(self) -> str:
        """HMAC-SHA256 of the content with AUDIT_KEY (reviews/provenance/sealing.py): rewriting the
        chain takes the key, not only database access."""
        return sealing.chain_hash(self.content())


class AuditHead(models.Model):
    """The single row that serialises appends to the audit chain (locked per append)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head at #{self.seq}"


class LogEntry(AppendOnly):
    """One leaf of the public review log (reviews/provenance/log.py): a signed review
    statement (reviews/provenance/statements.py) in the order decisions were made."""

    immutable_message = "The review log is append-only."

    index = models.PositiveBigIntegerField(unique=True)
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="log_entries")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="log_entries")
    decision = models.CharField(max_length=20)
    language = models.CharField(max_length=10, blank=True, default="", help_text="A translation's; empty for English.")
    envelope = models.TextField(help_text="The leaf: the DSSE envelope as canonical JSON.")
    leaf_hash = models.CharField(max_length=64, help_text="RFC 9162 leaf hash (hex) of the envelope.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["index"]
        # The article's newest statement, read with every page that is not cached.
        indexes = [models.Index(fields=["article", "-index"], name="logentry_article_newest")]

    def __str__(self) -> str:
        return f"review log #{self.index}: {self.decision}"


class TreeHead(AppendOnly):
    """A signed tree head of the review log, made with every leaf: the tree's size, its
    root and the checkpoint (a signed note) that vouches for both."""

    immutable_message = "Tree heads are append-only."

    size = models.PositiveBigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    checkpoint = models.TextField(help_text="The signed note, as served at /log/v1/checkpoint.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-size"]

    def __str__(self) -> str:
        return f"review log tree head at size {self.size}"
