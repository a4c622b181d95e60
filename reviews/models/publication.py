"""What readers get: one Publication per article that has ever been signed off, and the
small read-model tables that listings and search use.

Written only by reviews/publishing.py, in the same transaction as the sign-off or
withdrawal that changes them; every column is copied from a signed-off snapshot (or the
sign-offs themselves), never from the working copy.
"""

import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone

from articles.models import Article, CareTier, Category, Condition, Urgency

from .revisions import Revision

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: signed off and not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)

    def due_for_review(self, *, on, within_days=0):
        """Public articles whose annual review falls on or before ``on + within_days``."""
        return self.public().filter(next_review_due__lte=on + datetime.timedelta(days=within_days))

    def overdue(self, *, on):
        return self.public().filter(next_review_due__lt=on)

    def due_per_month(self, *, first, months):
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

    def with_shared_changes(self):
        """Annotate ``shared_changes``: a condition or category the live revision shows has
        been renamed or re-glossed since (readers keep the reviewed wording)."""
        conditions = ConditionListing.objects.stale().filter(publication=OuterRef("pk"))
        categories = PublishedCategory.objects.stale().filter(publication=OuterRef("pk"))
        return self.annotate(shared_changes=Exists(conditions) | Exists(categories))

    def with_clock(self):
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
        the slug and converts the row's few values as their fields would."""
        alias = self.db
        fields = fields or self.model.SHOWN_FIELDS
        compiled = _SHOWN_SQL.get((alias, fields))
        if compiled is None:
            compiled = _SHOWN_SQL[alias, fields] = _compile_shown(self.model, alias, fields)
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
        found.clock = clock
        if changed_at is not None and timezone.is_naive(changed_at):  # SQLite gives the subquery's time naive
            changed_at = timezone.make_aware(changed_at, datetime.UTC)
        found.clock_changed_at = changed_at
        return found


class _ShownQuery(NamedTuple):
    sql: str
    params: tuple[Any, ...]
    at: int  # where the slug goes among the parameters
    attnames: list[str]  # the model's columns the row starts with
    columns: list[tuple[Any, list[Any]]]  # each column's expression and its converters


def _compile_shown(model: type[models.Model], alias: str, fields: tuple[str, ...]) -> _ShownQuery:
    manager = model._default_manager.db_manager(alias)
    query = manager.with_clock().only(*fields).filter(slug=_SLUG_MARKER).order_by()  # type: ignore[attr-defined]
    compiler = query.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    connection = connections[alias]
    columns, attnames = [], []
    for expression, _, _ in compiler.select:
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        columns.append((expression, converters))
        if getattr(expression, "target", None) is not None:
            attnames.append(expression.target.attname)
    return _ShownQuery(sql, tuple(params), params.index(_SLUG_MARKER), attnames, columns)


_SLUG_MARKER = "\x00slug"  # a value no slug can be, to find where the slug goes among the parameters
_SHOWN_SQL: dict[tuple[str, tuple[str, ...]], _ShownQuery] = {}


class Publication(models.Model):
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
    # Made at sign-off (reviews/signing.py); self-verifying, so not part of the seal.
    signature = models.CharField(
        max_length=88, blank=True, help_text="Ed25519 signature (base64) of the live revision's canonical JSON."
    )
    signing_key_id = models.CharField(max_length=40, blank=True, help_text="Which of the site's keys made it.")
    seal = models.CharField(max_length=64, blank=True, help_text="HMAC with AUDIT_KEY (reviews/sealing.py).")
    # Written with the listing tables (reviews/listings.py): the A–Z page the title is on.
    letter = models.CharField(max_length=1, blank=True, help_text="First letter of the title, A–Z, or # for any other.")

    objects = PublicationQuerySet.as_manager()

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
        ]

    def __str__(self):
        return self.title

    @property
    def withdrawn(self):
        return self.withdrawn_at is not None

    def review_overdue(self, *, today):
        """Past its due date by more than the grace period (the public page says so)."""
        return today >= self.overdue_from()

    def overdue_from(self):
        """The first day the public page says the review is overdue."""
        return self.next_review_due + datetime.timedelta(days=settings.REVIEW_GRACE_DAYS + 1)


class StaleQuerySet(models.QuerySet):
    """Rows whose shared record now reads differently from what the live revision shows."""

    record_fields: tuple[str, ...] = ()

    def stale(self):
        changed = Q()
        for field in self.record_fields:
            changed |= ~Q(**{f"record__{field}": F(field)})
        return self.filter(record__isnull=False).filter(changed)


class PublishedCategoryQuerySet(StaleQuerySet):
    record_fields = ("name",)

    def live_counts(self) -> list[tuple[str, str, int]]:
        """[(slug, name, article count)] of categories with live articles, by name, each
        named as the most recently reviewed of its articles names it (category names are
        reviewed with the articles). Read from PublicCategory, one row per category."""
        rows = PublicCategory.objects.values_list("slug", "name", "article_count")
        return sorted(rows, key=lambda c: (c[1].lower(), c[0]))


class PublishedCategory(models.Model):
    """A category as a live revision names it (category names are reviewed with articles)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="categories")
    record = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    slug = models.SlugField(max_length=120, db_index=True)
    name = models.CharField(max_length=120)

    objects = PublishedCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["publication", "slug"], name="published_category_unique")]

    def __str__(self):
        return f"{self.name} on {self.publication_id}"


class ConditionListingQuerySet(StaleQuerySet):
    record_fields = ("name", "gloss")

    def public(self):
        return self.filter(publication__withdrawn_at__isnull=True)

    def showing(self, record):
        """Listings of the condition ``record`` on public articles: what changing it touches."""
        return self.public().filter(record=record)

    def newest_per_condition(self):
        """Each condition's one listing that names it for the site: the one on the most
        recently reviewed article (ties: the newer publication, then its first listing).
        One query: a window ranks each condition's listings."""
        order = [F("publication__last_reviewed").desc(), F("publication_id").desc(), F("position").asc()]
        return self.annotate(newest_rank=Window(RowNumber(), partition_by=F("condition_slug"), order_by=order)).filter(
            newest_rank=1
        )


class ConditionListing(models.Model):
    """A condition as a live article lists it (name and gloss as reviewed there)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="listings")
    record = models.ForeignKey(Condition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    condition_slug = models.SlugField(max_length=200, db_index=True)
    name = models.CharField(max_length=200)
    gloss = models.CharField(max_length=300, blank=True)
    section_heading = models.CharField(max_length=250)
    group_heading = models.CharField(max_length=250, blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    likelihood = models.CharField(max_length=12, blank=True, help_text="For this symptom: common, less common, rare.")
    also_called = models.JSONField(default=list, blank=True)
    lay_terms = models.JSONField(default=list, blank=True)
    codes = models.JSONField(default=dict, blank=True, help_text="ICD-10, SNOMED CT and MeSH codes, as reviewed.")
    own_article = models.SlugField(max_length=200, blank=True, help_text="The condition's own article, if any.")
    position = models.PositiveIntegerField()

    objects = ConditionListingQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "position"]
        # A condition's page: which articles list it (as an emergency), from the index alone.
        indexes = [models.Index(fields=["condition_slug", "urgency", "publication"], name="conditionlisting_listed")]

    def __str__(self):
        return f"{self.name} on {self.publication_id}"


class PublicCondition(models.Model):
    """One row per condition that public articles list, as the most recently reviewed of
    them shows it, with how many list it: what Conditions A–Z, a condition page's heading
    and the sitemap read, so none of them reads every article's listings. Rewritten for
    the conditions a publication lists (before and after) whenever it is published or
    withdrawn (reviews/listings.py)."""

    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    letter = models.CharField(max_length=1, help_text="First letter of the name, A–Z, or # for any other.")
    gloss = models.CharField(max_length=300, blank=True)
    also_called = models.JSONField(default=list, blank=True)
    codes = models.JSONField(default=dict, blank=True)
    own_article = models.SlugField(max_length=200, blank=True)
    article_count = models.PositiveIntegerField()
    last_reviewed = models.DateField(help_text="The newest review of an article listing it.")
    named_by = models.PositiveBigIntegerField(
        help_text="The publication (article id) whose listing names it: the most recently reviewed."
    )

    class Meta:
        ordering = ["slug"]
        indexes = [models.Index(fields=["letter", "name"], name="publiccondition_letter")]

    def __str__(self):
        return self.name


class PublicCategory(models.Model):
    """One row per category with public articles, named as the most recently reviewed of
    them names it, with how many: the home page and a category page's heading read it
    instead of every article's categories. Written with PublicCondition."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=120)
    article_count = models.PositiveIntegerField()
    last_reviewed = models.DateField(help_text="The newest review of an article filed under it.")
    named_by = models.PositiveBigIntegerField(
        help_text="The publication (article id) whose listing names it: the most recently reviewed."
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.name


class CareStatement(models.Model):
    """A "when to get help" statement of a live article, for the navigator and search."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="care")
    tier = models.CharField(max_length=10, choices=CareTier.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["publication", "position"]
        indexes = [models.Index(fields=["tier", "publication"], name="carestatement_tier")]

    def __str__(self):
        return self.text


class SearchDocument(models.Model):
    """The text search reads for one publication, by weight (reviews/search_index.py).
    Kept apart from Publication so listings never fetch it. Lines are kept apart so
    snippets can quote one sentence, never list items run together."""

    publication = models.OneToOneField(Publication, on_delete=models.CASCADE, primary_key=True, related_name="search")
    title = models.TextField(blank=True, default="")
    lay = models.TextField(blank=True, default="", help_text="Lay terms: everyday words for the symptom.")
    conditions = models.TextField(blank=True, default="", help_text="Listed causes: names, also-called, lay terms.")
    lead = models.TextField(blank=True, default="")
    care = models.TextField(blank=True, default="", help_text="Every when-to-get-help statement.")
    emergency = models.TextField(blank=True, default="", help_text="The emergency statements alone.")
    body = models.TextField(blank=True, default="")
    vector = SearchVectorField(null=True, editable=False)
    # The words of each ranking tier (public/search.py TIERS), unweighted, each under its
    # own GIN index on PostgreSQL: which matches hold every word in the title or lay terms,
    # in those or the listed causes, in those or the lead and care advice, is then read
    # from an index, never from each match's vector.
    tier_a = SearchVectorField(null=True, editable=False)
    tier_ab = SearchVectorField(null=True, editable=False)
    tier_abc = SearchVectorField(null=True, editable=False)
    emergency_vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return f"search text of {self.publication_id}"


class SearchCondition(models.Model):
    """A condition that public articles list, as search finds it: named as the most
    recently reviewed of them names it. Rebuilt for a publication's conditions whenever it
    is published or withdrawn."""

    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    also_called = models.TextField(blank=True, default="")
    lay = models.TextField(blank=True, default="")
    gloss = models.CharField(max_length=300, blank=True)
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.name


class SearchTerm(models.Model):
    """A word from live titles and condition names, offered by "did you mean"."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.term


class PublicationClock(models.Model):
    """One row whose number goes up whenever any article goes live or is withdrawn, in
    the same transaction. Cached pages carry it in their key and their ETag, so a page
    that links to a withdrawn article is never served from before the withdrawal, by any
    process, whatever the cache backend; ``changed_at`` is the pages' Last-Modified."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
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
