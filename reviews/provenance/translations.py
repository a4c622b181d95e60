"""The sealed record of a translation's review: each translation revision is a frozen
translated document pinned to the signed English document it translates (its SHA-256),
and a sign-off by a clinician who reads that language binds a decision to both hashes.

Kept apart from the English revisions and sign-offs, so that nothing which decides what
an English page shows (the newest revision, the audit chain's newest decision, the
review log's newest statement) ever counts a translation.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from articles.document import document_hash
from articles.models import AppendOnly, AppendOnlyQuerySet, Article

from . import sealing
from .models import Decision, ReviewerProfile, Revision


class TranslationRevisionQuerySet(AppendOnlyQuerySet["TranslationRevision"]):
    def waiting(self) -> "TranslationRevisionQuerySet":
        """The newest revision of each article's translation while it has no decision."""
        decided = TranslationSignOff.objects.filter(revision=OuterRef("pk"))
        later = self.model.objects.filter(
            article=OuterRef("article"), language=OuterRef("language"), number__gt=OuterRef("number")
        )
        return self.filter(~Exists(decided), ~Exists(later))

    def listed(self) -> "TranslationRevisionQuerySet":
        """Oldest first, with what a list shows (never the snapshot)."""
        return (
            self.defer("snapshot", "translator_ids")
            .select_related("article", "created_by")
            .order_by("created_at", "pk")
        )


TranslationRevisionManager = models.Manager.from_queryset(TranslationRevisionQuerySet)


class TranslationRevision(sealing.Sealed, AppendOnly):
    """A translation as submitted for review: the translated document, its hash, and the
    English revision (and hash) it translates."""

    immutable_message = "A translation revision cannot be changed or deleted once created."
    seal_kind = "translation-revision"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="translation_revisions")
    language = models.CharField(max_length=10)
    number = models.PositiveIntegerField()
    source = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="translations")
    source_hash = models.CharField("SHA-256 of the English", max_length=64)
    snapshot = models.JSONField()
    content_hash = models.CharField("SHA-256", max_length=64)
    summary = models.TextField("change summary", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    translator_ids = models.JSONField(
        default=list,
        help_text="Everyone who wrote a translated text since the last approved translation (four eyes).",
    )
    translator_names = models.JSONField(default=list, help_text="Their names, as the page credits them.")
    created_at = models.DateTimeField()
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/provenance/sealing.py).")

    objects: ClassVar[TranslationRevisionManager["TranslationRevision"]] = TranslationRevisionManager()

    class Meta:
        ordering = ["article", "language", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language", "number"], name="translation_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article} · {self.language} translation {self.number}"

    def barred_approver_ids(self) -> set[int]:
        """Who may not approve it: whoever submitted it or wrote a text it shows, and whoever
        wrote the English it translates (the source revision's own four eyes)."""
        return {self.created_by_id, *self.translator_ids, *self.source.barred_approver_ids()} - {None}

    def seal_payload(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "language": self.language,
            "number": self.number,
            "source": self.source_id,
            "source_hash": self.source_hash,
            "content_hash": self.content_hash,
            "created_by": self.created_by_id,
            "translators": sorted(self.translator_ids),
            "translator_names": self.translator_names,
            "created_at": sealing.utc(self.created_at),
        }

    def is_authentic(self) -> bool:
        """The snapshot is what was submitted, and says which language and source it is."""
        return (
            document_hash(self.snapshot) == self.content_hash
            and self.snapshot.get("language") == self.language
            and self.snapshot.get("translation_of") == self.source_hash
            and self.seal_intact()
        )


class TranslationSignOff(sealing.Sealed, AppendOnly):
    """A clinician's decision on a translation revision, bound to its hash and its source's."""

    immutable_message = "A sign-off cannot be changed or deleted once given."
    seal_kind = "translation-signoff"

    revision = models.ForeignKey(TranslationRevision, on_delete=models.PROTECT, related_name="signoffs")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    profile = models.ForeignKey(ReviewerProfile, on_delete=models.PROTECT, related_name="translation_signoffs")
    reviewer_name = models.CharField(max_length=150)
    credentials = models.CharField(max_length=120)
    decision = models.CharField(
        max_length=20, choices=[(Decision.APPROVED, "Approved"), (Decision.CHANGES_REQUESTED, "Changes requested")]
    )
    comment = models.TextField(blank=True)
    content_hash = models.CharField("SHA-256 read", max_length=64)
    source_hash = models.CharField("SHA-256 of the English", max_length=64)
    signed_at = models.DateTimeField()
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/provenance/sealing.py).")

    class Meta:
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["revision"], name="translation_signoff_one_per_revision"),
            models.CheckConstraint(
                condition=~Q(decision="changes_requested") | ~Q(comment=""),
                name="translation_changes_need_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.reviewer_name} on {self.signed_at:%Y-%m-%d}"

    def seal_payload(self) -> dict[str, Any]:
        return {
            "revision": self.revision_id,
            "reviewer": self.reviewer_id,
            "profile": self.profile_id,
            "reviewer_name": self.reviewer_name,
            "credentials": self.credentials,
            "decision": self.decision,
            "comment": self.comment,
            "content_hash": self.content_hash,
            "source_hash": self.source_hash,
            "signed_at": sealing.utc(self.signed_at),
        }
