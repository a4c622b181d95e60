"""The listing tables of the read model, written with each publication from its live
document: the categories and conditions it lists (CategoryListing, ConditionListing), one
summary row per condition and category that public articles list (ConditionSummary,
CategorySummary: what A–Z, home and the sitemap read), and its "when to get help"
statements (CareStatement).

The rows readers are shown (a listing's name, gloss, headings, urgency, likelihood,
codes; a care statement) are sealed with the publication's content hash
(``row_seal``), so a row changed in SQL, or one left from an earlier revision, fails
its seal: the pages that show them leave it out (``intact``), and verify_audit_log names it.
"""

import hmac
import logging
from collections.abc import Iterable
from typing import Any, Self, TypeVar

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber

from articles.models import CareTier, Category, Condition, Urgency, WarningSign
from reviews.provenance import sealing

from .publication import Publication, PublicRowsQuerySet

_M = TypeVar("_M", bound=models.Model)
logger = logging.getLogger(__name__)
# What each sealed row shows readers, and so what its seal covers.
CONDITION_SHOWN = ("condition_slug", "name", "gloss", "section_heading", "group_heading", "urgency",
                   "likelihood", "also_called", "lay_terms", "codes", "own_article", "position")  # fmt: skip
CARE_SHOWN = ("tier", "text", "position", "sign", "condition_slug")
SEAL_KINDS = {"conditionlisting": CONDITION_SHOWN, "carestatement": CARE_SHOWN}
# Shown by rows written since a care statement is a shared warning sign, and sealed only
# when set: a row from an earlier document (no sign) keeps the seal it was written with.
OPTIONAL_SHOWN = {"sign": None, "condition_slug": ""}
# What a condition's summary shows of it, copied from the listing that names it.
SUMMARY_FIELDS = ("name", "gloss", "also_called", "codes", "own_article")


def row_seal(kind: str, publication_id: int, content_hash: str, values: dict[str, Any]) -> str:
    """The seal of a read-model row of ``kind`` ("conditionlisting", "carestatement")
    that shows ``values`` for the publication ``publication_id`` of ``content_hash``."""
    shown = {
        name: value for name, value in values.items() if name not in OPTIONAL_SHOWN or OPTIONAL_SHOWN[name] != value
    }
    return sealing.seal(kind, {"publication": publication_id, "content_hash": content_hash, **shown})


def intact(
    kind: str, rows: Iterable[dict[str, Any]], *, hashes: dict[int, str] | None = None, alert: bool = True
) -> list[dict[str, Any]]:
    """Those of ``rows`` (values() of a ``kind`` row with ``publication_id``, ``seal``,
    what SEAL_KINDS says it shows, and ``publication__content_hash`` unless ``hashes``
    gives the content hash by publication id) whose seal holds; any other is left out,
    with an alert for whoever runs the site."""
    kept = []
    for row in rows:
        publication = row["publication_id"]
        content_hash = hashes[publication] if hashes is not None else row["publication__content_hash"]
        expected = row_seal(kind, publication, content_hash, {name: row[name] for name in SEAL_KINDS[kind]})
        if hmac.compare_digest(expected, row["seal"] or ""):
            kept.append(row)
        elif alert:
            logger.critical("A %s row of publication %s fails its seal; not shown.", kind, publication)
    return kept


def sealed_fields(kind: str, *, with_hash: bool = True) -> tuple[str, ...]:
    """What to read of a ``kind`` row to check its seal with ``intact`` (without the
    publication's content hash when the caller has it: ``intact(hashes=...)``)."""
    return ("publication_id", *(["publication__content_hash"] if with_hash else []), "seal", *SEAL_KINDS[kind])


class ListingQuerySet(PublicRowsQuerySet[_M]):
    """A publication's rows that copy a shared record (a condition, a category)."""

    record_fields: tuple[str, ...] = ()

    def stale(self) -> Self:
        """Rows whose shared record now reads differently from what the live revision shows."""
        changed = Q()
        for field in self.record_fields:
            changed |= ~Q(**{f"record__{field}": F(field)})
        return self.filter(record__isnull=False).filter(changed)


class CategoryListingQuerySet(ListingQuerySet["CategoryListing"]):
    record_fields = ("name",)


class CategoryListing(models.Model):
    """A category as a live revision names it (category names are reviewed with articles)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="categories")
    record = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    slug = models.SlugField(max_length=120, db_index=True)
    name = models.CharField(max_length=120)

    objects = CategoryListingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["publication", "slug"], name="categorylisting_unique")]

    def __str__(self) -> str:
        return f"{self.name} on {self.publication_id}"


class ConditionListingQuerySet(ListingQuerySet["ConditionListing"]):
    record_fields = ("name", "gloss")

    def showing(self, record: Condition) -> Self:
        """Listings of the condition ``record`` on public articles: what changing it touches."""
        return self.public().filter(record=record)

    def newest_per_condition(self) -> Self:
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
    seal = models.CharField(max_length=64, blank=True, help_text="row_seal() of what it shows.")

    objects = ConditionListingQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "position"]
        # A condition's page: which articles list it (as an emergency), from the index alone.
        indexes = [models.Index(fields=["condition_slug", "urgency", "publication"], name="conditionlisting_listed")]

    def __str__(self) -> str:
        return f"{self.name} on {self.publication_id}"

    def seal_holds(self) -> bool:
        """Its seal is that of what it shows, for its publication (read with it) as it is live."""
        shown = {name: getattr(self, name) for name in CONDITION_SHOWN}
        expected = row_seal("conditionlisting", self.publication_id, self.publication.content_hash, shown)
        if hmac.compare_digest(expected, self.seal or ""):
            return True
        logger.critical("A conditionlisting row of publication %s fails its seal; not shown.", self.publication_id)
        return False


class ConditionSummary(models.Model):
    """One row per condition that public articles list, as the most recently reviewed of
    them shows it, with how many list it: what Conditions A–Z, a condition page's heading
    and the sitemap read, so none of them reads every article's listings. Rewritten for
    the conditions a publication lists (before and after) whenever it is published or
    withdrawn (reviews/readmodel/listings.py)."""

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
        indexes = [models.Index(fields=["letter", "name"], name="conditionsummary_letter")]

    def __str__(self) -> str:
        return self.name


class CategorySummaryQuerySet(models.QuerySet["CategorySummary"]):
    def by_name(self) -> list[tuple[str, str, int]]:
        """[(slug, name, article count)] of categories with live articles, by name, each
        named as the most recently reviewed of its articles names it (category names are
        reviewed with the articles)."""
        rows = self.values_list("slug", "name", "article_count")
        return sorted(rows, key=lambda c: (c[1].lower(), c[0]))


class CategorySummary(models.Model):
    """One row per category with public articles, named as the most recently reviewed of
    them names it, with how many: the home page and a category page's heading read it
    instead of every article's categories. Written with ConditionSummary."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=120)
    article_count = models.PositiveIntegerField()
    last_reviewed = models.DateField(help_text="The newest review of an article filed under it.")
    named_by = models.PositiveBigIntegerField(
        help_text="The publication (article id) whose listing names it: the most recently reviewed."
    )

    objects = CategorySummaryQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class CareStatementQuerySet(ListingQuerySet["CareStatement"]):
    record_fields = ("text", "tier")

    def stale(self) -> Self:
        """Also the rows whose warning sign is now given as another condition's (or none)."""
        moved = Q(record__condition__isnull=True) & ~Q(condition_slug="")
        moved |= Q(record__condition__isnull=False) & ~Q(record__condition__slug=F("condition_slug"))
        return super().stale() | self.filter(record__isnull=False).filter(moved)


class CareStatement(models.Model):
    """A "when to get help" statement of a live article (a warning sign, as its live
    revision words it), for the navigator, search and condition pages."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="care")
    record = models.ForeignKey(
        WarningSign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The shared sign, while it exists: what its changes are compared with.",
    )
    sign = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The shared sign's id as the live revision gives it: one sign, however worded."
    )
    tier = models.CharField(max_length=10, choices=CareTier.choices)
    text = models.CharField(max_length=300)
    condition_slug = models.SlugField(
        max_length=200,
        blank=True,
        db_index=False,  # carestatement_condition leads with it
        help_text="The condition it is a warning sign of, as the live revision says.",
    )
    position = models.PositiveIntegerField()
    seal = models.CharField(max_length=64, blank=True, help_text="row_seal() of what it shows.")

    objects = CareStatementQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "position"]
        indexes = [
            models.Index(fields=["tier", "publication"], name="carestatement_tier"),
            # A condition's page: the warning signs of it that live articles give.
            models.Index(fields=["condition_slug", "publication"], name="carestatement_condition"),
        ]

    def __str__(self) -> str:
        return self.text


def shows_changed_records(publication: str = "pk") -> Q:
    """Whether the publication (``publication``: the path to its id from the model
    queried) shows a condition, category or warning sign that has been changed since its
    revision was signed off: changes pending review (readers keep the reviewed wording)."""
    conditions = ConditionListing.objects.stale().filter(publication=OuterRef(publication))
    categories = CategoryListing.objects.stale().filter(publication=OuterRef(publication))
    signs = CareStatement.objects.stale().filter(publication=OuterRef(publication))
    return Q(Exists(conditions)) | Q(Exists(categories)) | Q(Exists(signs))


def naming_rows(slugs: Iterable[str]) -> dict[str, dict[str, Any]]:
    """{condition slug: the sealed row of the listing that names it} (the one its summary
    names: the most recently reviewed public article's), for those of ``slugs`` whose
    naming listing holds its seal; what a summary shows of a condition is checked against
    it (one query)."""
    named_by = ConditionSummary.objects.filter(slug=OuterRef("condition_slug")).values("named_by")[:1]
    rows = (
        ConditionListing.objects.public()
        .filter(condition_slug__in=list(slugs), publication_id=Subquery(named_by))
        .order_by("condition_slug", "position")
        .values(*sealed_fields("conditionlisting"))
    )
    found: dict[str, dict[str, Any]] = {}
    for row in intact("conditionlisting", rows):
        found.setdefault(row["condition_slug"], row)
    return found


def as_named(
    slug: str, shown: Any, naming: dict[str, dict[str, Any]], fields: Iterable[str], *, lines: Iterable[str] = ()
) -> bool:
    """Give ``shown`` (a summary or search row of the condition ``slug``) the words of its
    naming listing in ``naming`` (naming_rows) where they differ, with an alert; False if
    it has no intact naming listing (leave it out). ``lines`` are fields that ``shown``
    keeps as lines of text where the listing keeps a list."""
    row = naming.get(slug)
    if row is None:
        logger.critical("Condition %s: the listing that names it is gone or fails its seal; not shown.", slug)
        return False
    lined = set(lines)
    for name in [*fields, *lined]:
        sealed = "\n".join(row[name]) if name in lined else row[name]
        if getattr(shown, name) != sealed:
            logger.critical("Condition %s: its %s is not its sealed listing's; the listing's shown.", slug, name)
            setattr(shown, name, sealed)
    return True
