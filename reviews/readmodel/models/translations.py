"""What readers get of an article in another language: which signed translation is live,
who translated it and which clinician reviewed it, and whether the English it translates
is still the English readers get.

Written only by reviews/readmodel/translations.py: at a translation's sign-off, and in the
same transaction as every English sign-off or withdrawal of the article (stale marking).
"""

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Subquery

from articles.document import document_hash
from articles.models import Article
from reviews.provenance import merkle, sealing
from reviews.provenance.models import Action, LogEntry, ReviewEvent
from reviews.provenance.translations import TranslationRevision


class TranslationPublicationQuerySet(models.QuerySet["TranslationPublication"]):
    def offered(self) -> "TranslationPublicationQuerySet":
        """Translations a reader is offered: live, of an article live in English, and not
        held back because the English "when to get help" advice changed since
        (``care_changed``). The one rule every page, list, feed and search of translations
        applies; each page also checks it against the signed documents."""
        return self.filter(
            withdrawn_at__isnull=True,
            care_changed=False,
            article__publication__isnull=False,
            article__publication__withdrawn_at__isnull=True,
        )

    def stale(self) -> "TranslationPublicationQuerySet":
        """Translations of English readers no longer get: those held back first, then the oldest."""
        return (
            self.filter(stale_since__isnull=False)
            .only("article_id", "language", "title", "revision_id", "stale_since", "care_changed")
            .order_by("-care_changed", "stale_since", "pk")
        )

    def offered_slugs(self, article_id: int) -> dict[str, Subquery]:
        """{language: the slug of the article's offered translation into it, as a subquery}:
        what a query of the English page reads with the snapshot (Publication.signed_document)."""
        return {
            language: Subquery(self.offered().filter(article_id=article_id, language=language).values("slug")[:1])
            for language, _ in settings.LANGUAGES[1:]
        }


class TranslationPublication(sealing.Sealed, models.Model):
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="translation_publications")
    language = models.CharField(max_length=10)
    revision = models.ForeignKey(TranslationRevision, on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField("SHA-256 of the translation", max_length=64)
    source_hash = models.CharField("SHA-256 of the English it translates", max_length=64)
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=200)
    question = models.CharField(max_length=250)
    lead = models.TextField()
    reviewer_name = models.CharField(max_length=150)
    reviewer_credentials = models.CharField(max_length=120)
    reviewer_slug = models.SlugField(max_length=120)
    translators = models.JSONField(default=list, help_text="Who translated it, as the page credits them.")
    last_reviewed = models.DateField()
    # Stale: the English readers get is no longer the English it translates.
    stale_since = models.DateTimeField(null=True, blank=True, help_text="When the English first changed since.")
    stale_source_hash = models.CharField(max_length=64, blank=True, help_text="The English that is live now.")
    care_changed = models.BooleanField(
        default=False, help_text="The English “when to get help” advice changed since: the translation is held back."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    statement = models.TextField(help_text="The signed statement of the review (a DSSE envelope, canonical JSON).")
    # Made at sign-off (reviews/provenance/signing.py), as an English publication's.
    signature = models.CharField(
        max_length=88, blank=True, help_text="Ed25519 signature (base64) of the translated document's canonical JSON."
    )
    signing_key_id = models.CharField(max_length=40, blank=True, help_text="Which of the site's keys made it.")
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/provenance/sealing.py).")

    objects = TranslationPublicationQuerySet.as_manager()
    seal_kind = "translation-publication"

    class Meta:
        ordering = ["language", "title"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="translation_publication_unique"),
            models.UniqueConstraint(fields=["language", "slug"], name="translation_publication_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @property
    def stale(self) -> bool:
        return self.stale_since is not None

    SEALED = ("language", "revision_id", "content_hash", "source_hash", "slug", "title", "question", "lead",
              "reviewer_name", "reviewer_credentials", "reviewer_slug", "translators", "stale_source_hash",
              "care_changed", "statement", "signature", "signing_key_id")  # fmt: skip

    def seal_payload(self) -> dict[str, Any]:
        """Everything readers are shown or that decides whether they are shown it."""
        return {
            "article": self.article_id,
            **{name: getattr(self, name) for name in self.SEALED},
            "last_reviewed": self.last_reviewed.isoformat(),
            "stale_since": sealing.utc(self.stale_since) if self.stale_since else None,
            "withdrawn_at": sealing.utc(self.withdrawn_at) if self.withdrawn_at else None,
        }

    def is_authentic(self, snapshot: dict[str, Any]) -> bool:
        """``snapshot`` is the translation a clinician signed off for this row, and the row
        is the one the audit chain's newest approval of a translation made live."""
        return (
            document_hash(snapshot) == self.content_hash
            and snapshot.get("translation_of") == self.source_hash
            and snapshot.get("language") == self.language
            and self.seal_intact()
            and self.agrees_with_audit_log()
            and self.agrees_with_log()
        )

    def newest_statement(self) -> LogEntry | None:
        """The newest leaf of the public review log about the article's translation into
        this row's language (one query)."""
        return LogEntry.objects.filter(article_id=self.article_id, language=self.language).order_by("-index").first()

    def agrees_with_log(self) -> bool:
        """Whether the row's statement is the newest the public log holds for it, and that
        leaf's text is what its leaf hash says: a row written back with an older statement,
        or a statement the log never held, is not."""
        entry = self.newest_statement()
        return (
            entry is not None
            and entry.envelope == self.statement
            and merkle.leaf_hash(entry.envelope.encode()).hex() == entry.leaf_hash
        )

    def agrees_with_audit_log(self) -> bool:
        """Whether this row is the translation the audit chain's newest approval of a
        translation of the article into its language made live: an older row written
        back, its seal intact, is not (one query)."""
        newest = (
            ReviewEvent.objects.filter(
                article_id=self.article_id, action=Action.TRANSLATION_APPROVE, data__language=self.language
            )
            .order_by("-seq")
            .values_list("data", flat=True)
            .first()
        )
        return newest is not None and newest.get("content_hash") == self.content_hash


__all__ = ["TranslationPublication"]


class TranslationSearch(models.Model):
    """What search finds a live translation by, in its language (reviews/readmodel/search/
    translated.py): the texts by weight, folded (no accents, lower case). PostgreSQL keeps
    them as one weighted tsvector of its configuration for the language (``spanish``);
    SQLite in an FTS5 table of their stems (reviews.0025)."""

    publication = models.OneToOneField(
        TranslationPublication, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    language = models.CharField(max_length=10)
    title = models.TextField(blank=True, default="", help_text="Title and everyday words (weight A).")
    conditions = models.TextField(blank=True, default="", help_text="Listed causes (B).")
    lead = models.TextField(blank=True, default="", help_text="Lead and care advice (C).")
    body = models.TextField(blank=True, default="", help_text="Sections (D).")
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self) -> str:
        return f"search text of translation {self.publication_id}"
