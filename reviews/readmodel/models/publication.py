"""What readers get of one article: its Publication (which signed-off revision is live,
the review dates, a withdrawal), and the publication clock that moves with every change
of any of them.

Written only by reviews/readmodel/publishing.py, in the same transaction as the sign-off
or withdrawal that changes them; every column is copied from a signed-off snapshot (or
the sign-offs themselves), never from the working copy.
"""

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self, TypedDict, TypeVar, cast

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles.document import document_hash
from articles.models import Article
from reviews.provenance import sealing
from reviews.provenance.models import Action, LogEntry, ReviewEvent, Revision, TreeHead

from .compiled import SHOWN_SQL, compile_shown
from .logged import AgreesWithLog
from .translations import TranslationPublication

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

logger = logging.getLogger(__name__)


def shown_to_readers(via: str = "") -> Q:
    """The one rule of what readers may see: signed off and not withdrawn. ``via`` is the
    path from the model queried to its Publication ("publication__"), "" for Publication."""
    return Q(**{f"{via}withdrawn_at__isnull": True})


_M = TypeVar("_M", bound=models.Model)


class PublicRowsQuerySet(models.QuerySet[_M]):
    """Rows of the read model that belong to a publication (``publication_path`` leads
    to it): ``public()`` keeps those readers may see."""

    publication_path = "publication__"

    def public(self) -> Self:
        return self.filter(shown_to_readers(self.publication_path))


class PublicationQuerySet(PublicRowsQuerySet["Publication"]):
    publication_path = ""

    def withdrawn(self) -> Self:
        return self.filter(withdrawn_at__isnull=False)

    def listed(self) -> Self:
        """Public publications with the columns listings show and their listing seal,
        for a listing to show only those whose seal holds (``sealed``)."""
        return self.public().only(*self.model.LISTED_FIELDS)

    def due_for_review(self, *, on: datetime.date, within_days: int = 0) -> Self:
        """Public articles whose annual review falls on or before ``on + within_days``."""
        return self.public().filter(next_review_due__lte=on + datetime.timedelta(days=within_days))

    def overdue(self, *, on: datetime.date) -> Self:
        return self.public().filter(next_review_due__lt=on)

    def due_per_month(self, *, first: datetime.date, months: int) -> dict[datetime.date, int]:
        """{first day of month: number of public articles due that month}, for ``months``
        months from ``first`` (a first of the month)."""
        end = first
        for _ in range(months):
            end = (end + datetime.timedelta(days=32)).replace(day=1)
        rows = (
            self.public()
            .filter(next_review_due__gte=first, next_review_due__lt=end)
            .annotate(month=TruncMonth("next_review_due"))
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )
        return dict(rows)

    def with_shared_changes(self) -> Self:
        """Annotate ``shared_changes``: a condition or category the live revision shows has
        been renamed or re-glossed since (readers keep the reviewed wording)."""
        from .listings import shows_changed_records  # the listing tables point at this model

        return self.annotate(shared_changes=shows_changed_records())

    def with_clock(self) -> Self:
        """Annotate ``clock`` and ``clock_changed_at``: the publication clock, read in the
        same query (see PublicationClock)."""
        return self.annotate(**PublicationClock.annotations())

    def shown_by_slug(
        self, slug: str, fields: tuple[str, ...] | None = None
    ) -> "WithAnnotations[Publication, PublicationClock.Reading] | None":
        """The publication at ``slug`` with ``fields`` (SHOWN_FIELDS unless given; the
        others are deferred) and the clock: what the article page reads on every request.
        The ORM builds that SQL once per database and field list (compiling it was most
        of a cached page's time, bench/profile_article.py); each call only runs it with
        the slug and converts the row's few values as their fields would. A queryset that
        is filtered or annotated (``.public()``) is asked through the ORM instead, so
        what it says still holds."""
        alias = self.db
        fields = fields or self.model.SHOWN_FIELDS
        if self.query.where or self.query.annotations or self.query.extra:
            return cast(
                "WithAnnotations[Publication, PublicationClock.Reading] | None",
                self.with_clock().only(*fields).filter(slug=slug).order_by().first(),
            )
        compiled = SHOWN_SQL.get((alias, fields))
        if compiled is None:
            compiled = SHOWN_SQL[alias, fields] = compile_shown(self.model, alias, fields)
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, (*compiled.params[: compiled.at], slug, *compiled.params[compiled.at + 1 :]))
            row = cursor.fetchone()
        if row is None:
            return None
        connection = connections[alias]
        values = []
        for value, (expression, converters) in zip(row, compiled.columns, strict=True):
            for converter in converters:
                value = converter(value, expression, connection)
            values.append(value)
        *own, clock, changed_at = values
        found = self.model.from_db(alias, compiled.attnames, own)
        found.clock = clock  # type: ignore[attr-defined]  # the annotations with_clock() adds
        if changed_at is not None and timezone.is_naive(changed_at):  # SQLite gives the subquery's time naive
            changed_at = timezone.make_aware(changed_at, datetime.UTC)
        found.clock_changed_at = changed_at  # type: ignore[attr-defined]
        return cast("WithAnnotations[Publication, PublicationClock.Reading]", found)


class Publication(sealing.Sealed, AgreesWithLog, models.Model):
    """The one owner of an article's publication state: which revision is live, when it
    was reviewed, when it is due, and whether it was withdrawn; plus the columns listings
    show, copied from that revision."""

    article = models.OneToOneField(Article, on_delete=models.PROTECT, primary_key=True, related_name="publication")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField("SHA-256 of the live revision", max_length=64)
    last_reviewed = models.DateField(db_index=True)
    next_review_due = models.DateField(db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True, help_text="Internal: readers get 410 Gone without it.")
    # Listing columns, as the live revision shows them.
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200, db_index=True)
    question = models.CharField(max_length=250)
    lead = models.TextField()
    reviewer_name = models.CharField(max_length=150)
    reviewer_credentials = models.CharField(max_length=120)
    reviewer_slug = models.SlugField(max_length=120)
    history = models.JSONField(default=list, help_text="Public review history, newest first: dates and reviewers.")
    # Made at sign-off (reviews/provenance/signing.py); self-verifying, so not part of the seal.
    signature = models.CharField(
        max_length=88, blank=True, help_text="Ed25519 signature (base64) of the live revision's canonical JSON."
    )
    signing_key_id = models.CharField(max_length=40, blank=True, help_text="Which of the site's keys made it.")
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/provenance/sealing.py).")
    listing_seal = models.CharField(max_length=64, blank=True, help_text="The seal of what listings show of it.")
    # Written with the listing tables (reviews/readmodel/listings.py): the A–Z page the title is on.
    letter = models.CharField(max_length=1, blank=True, help_text="First letter of the title, A–Z, or # for any other.")

    objects = PublicationQuerySet.as_manager()
    seal_kind = "publication/2"

    # What an article page or its API detail reads of the row: everything it shows but the
    # document, and what its seal and signature cover (not the search and listing columns).
    SHOWN_FIELDS = (
        "article_id",
        "revision_id",
        "content_hash",
        "last_reviewed",
        "next_review_due",
        "withdrawn_at",
        "slug",
        "title",
        "question",
        "lead",
        "reviewer_name",
        "reviewer_credentials",
        "reviewer_slug",
        "history",
        "signature",
        "signing_key_id",
        "seal",
    )

    class Meta:
        ordering = ["title"]
        indexes = [
            # Symptoms A–Z, one letter at a time; and the home page's recently reviewed.
            models.Index(fields=["letter", "title"], name="publication_letter", condition=Q(withdrawn_at__isnull=True)),
            models.Index(
                fields=["-last_reviewed", "title"], name="publication_recent", condition=Q(withdrawn_at__isnull=True)
            ),
            # The review dashboard's due dates, from the index alone (reviews.0016).
            models.Index(
                fields=["next_review_due", "article"],
                name="publication_due_public",
                condition=Q(withdrawn_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def review_overdue(self, *, today: datetime.date) -> bool:
        """Past its due date by more than the grace period (the public page says so)."""
        return today >= self.overdue_from()

    def overdue_from(self) -> datetime.date:
        """The first day the public page says the review is overdue."""
        return self.next_review_due + datetime.timedelta(days=settings.REVIEW_GRACE_DAYS + 1)

    def seal_payload(self) -> dict[str, Any]:
        """What the publication's seal covers: which revision is live, with which hash,
        the review dates, a withdrawal and the byline, and every column readers are shown
        or linked from (the address, title, question and lead listings show, the review
        history, the byline's link, the signature). Not the A–Z letter, made from the title."""
        return {
            **self.legacy_seal_payload(),
            **{field: getattr(self, field) for field in self.SEALED_SINCE_2},
        }

    # Columns sealed since seal kind "publication/2"; earlier seals ("publication") still
    # verify over what they covered, and a later seal never verifies as one of them.
    SEALED_SINCE_2 = ("slug", "title", "question", "lead", "reviewer_slug", "history", "signature", "signing_key_id")
    legacy_seal_kind = "publication"
    # What listings (home, A–Z, category, condition and reviewer pages, the navigator) show
    # of a publication, sealed apart (listing_seal) so that they check it without reading
    # the lead and the history; pages that show the lead check the whole seal.
    LISTING_SEALED = ("slug", "title", "question", "last_reviewed", "reviewer_name", "reviewer_credentials",
                      "reviewer_slug", "content_hash")  # fmt: skip
    LISTED_FIELDS = ("article_id", *LISTING_SEALED, "listing_seal")

    def sealed(self) -> "Publication":
        super().sealed()
        self.listing_seal = sealing.seal("publication-listing", self.listing_payload())
        return self

    def listing_payload(self) -> dict[str, Any]:
        return {"article": self.article_id, **{name: str(getattr(self, name)) for name in self.LISTING_SEALED}}

    def listing_seal_intact(self) -> bool:
        return sealing.intact("publication-listing", self.listing_payload(), self.listing_seal)

    def seal_intact(self) -> bool:
        return super().seal_intact() or sealing.intact(self.legacy_seal_kind, self.legacy_seal_payload(), self.seal)

    def legacy_seal_payload(self) -> dict[str, Any]:
        """What a publication's seal covered before "publication/2"."""
        return {
            "article": self.article_id,
            "revision": self.revision_id,
            "content_hash": self.content_hash,
            "last_reviewed": self.last_reviewed.isoformat(),
            "next_review_due": self.next_review_due.isoformat(),
            "withdrawn_at": sealing.utc(self.withdrawn_at) if self.withdrawn_at else None,
            "reviewer_name": self.reviewer_name,
            "reviewer_credentials": self.reviewer_credentials,
        }

    def signed_document(self) -> dict[str, Any]:
        """The live revision's snapshot, what the audit chain last decided about the
        article, the article's newest statement in the review log and the log's newest
        tree head (``log_head``: size, checkpoint), and the translations readers are offered
        (``offered_translations``: {language: slug}), in one query: check them with
        is_authentic before serving it."""
        newest = _newest_decision(self.article_id)
        statement = LogEntry.objects.filter(article_id=self.article_id, language="").order_by("-index")
        heads = TreeHead.objects.order_by("-size")
        offered = TranslationPublication.objects.offered_slugs(self.article_id)
        snapshot, action, decided, index, revision_id, envelope, leaf_hash, head_size, head_checkpoint, *slugs = (
            Revision.objects.filter(pk=self.revision_id)
            .annotate(
                action=Subquery(newest.values("action")[:1]),
                decided=Subquery(newest.values("revision_id")[:1]),
                statement_index=Subquery(statement.values("index")[:1]),
                statement_revision_id=Subquery(statement.values("revision_id")[:1]),
                statement_envelope=Subquery(statement.values("envelope")[:1]),
                statement_leaf_hash=Subquery(statement.values("leaf_hash")[:1]),
                head_size=Subquery(heads.values("size")[:1]),
                head_checkpoint=Subquery(heads.values("checkpoint")[:1]),
                **{f"offered_{n}": query for n, query in enumerate(offered.values())},
            )
            .values_list(
                "snapshot",
                "action",
                "decided",
                "statement_index",
                "statement_revision_id",
                "statement_envelope",
                "statement_leaf_hash",
                "head_size",
                "head_checkpoint",
                *(f"offered_{n}" for n in range(len(offered))),
            )
            .get()
        )
        self.offered_translations = {language: slug for language, slug in zip(offered, slugs, strict=True) if slug}
        self._newest_statement = [index, revision_id, envelope, leaf_hash]
        self.log_head = (head_size, head_checkpoint)
        self._newest_decision = (action, decided)
        return cast(dict[str, Any], snapshot)

    def is_authentic(self, snapshot: dict[str, Any]) -> bool:
        """``snapshot`` is what a reviewer signed off for this publication: it hashes to
        the content hash, the seal vouches for that hash, the row is the state the audit
        chain's newest decision about the article made (agrees_with_audit_log), and it
        says what the article's newest statement in the review log says (agrees_with_log)."""
        return (
            document_hash(snapshot) == self.content_hash
            and self.seal_intact()
            and self.agrees_with_audit_log()
            and self.agrees_with_log()
        )

    def agrees_with_audit_log(self) -> bool:
        """Whether the row is what the newest approval, confirmation or withdrawal of the
        article in the audit chain made it: live with that revision, or withdrawn. A row
        saved earlier and written back in SQL (its seal intact) is not (one query)."""
        newest = getattr(self, "_newest_decision", None)  # read with the snapshot (signed_document)
        if newest is None:
            newest = _newest_decision(self.article_id).values_list("action", "revision_id").first()
        return newest is not None and newest[0] is not None and agrees(self, *newest)


def sealed(rows: "Iterable[Publication]", *, whole: bool = False) -> "list[Publication]":
    """Those of ``rows`` (read with PublicationQuerySet.listed; with SHOWN_FIELDS when
    ``whole``, for pages that show the lead too) whose listing seal (whole seal) holds: a
    title, question, lead or date changed in SQL is not listed, with an alert for whoever
    runs the site, and verify_audit_log names the row."""
    kept = []
    for publication in rows:
        if publication.seal_intact() if whole else publication.listing_seal_intact():
            kept.append(publication)
        else:
            logger.critical("Publication %s fails its seal; not listed.", publication.pk)
    return kept


# The audit chain's actions that set what an article's publication is.
PUBLISHING_ACTIONS = [Action.APPROVE, Action.CONFIRM, Action.WITHDRAW]


def _newest_decision(article_id: int) -> "models.QuerySet[ReviewEvent]":
    return ReviewEvent.objects.filter(article_id=article_id, action__in=PUBLISHING_ACTIONS).order_by("-seq")


def agrees(publication: "Publication", action: str, revision_id: int | None) -> bool:
    """Whether ``publication`` is the state that event (``action`` of ``revision_id``) made."""
    if action == Action.WITHDRAW:
        return publication.withdrawn_at is not None
    return publication.withdrawn_at is None and publication.revision_id == revision_id


class PublicationClock(models.Model):
    """One row whose number goes up whenever any article goes live or is withdrawn, in
    the same transaction. Cached pages carry it in their key and their ETag, so a page
    that links to a withdrawn article is never served from before the withdrawal, by any
    process, whatever the cache backend; ``changed_at`` is the pages' Last-Modified."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"publication clock at {self.version}"

    class Reading(TypedDict):
        """What ``annotations()`` adds to a row (for type checking)."""

        clock: int | None
        clock_changed_at: datetime.datetime | None

    @staticmethod
    def annotations() -> dict[str, Subquery]:
        """``clock`` and ``clock_changed_at`` as subqueries, to read the clock in the
        query a page makes anyway."""
        row = PublicationClock.objects.filter(pk=1)
        return {
            "clock": Subquery(row.values("version")[:1]),
            "clock_changed_at": Subquery(row.values("changed_at")[:1]),
        }
