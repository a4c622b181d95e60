"""Content: the working copy that editors change in the admin.

This app is the bottom layer: it knows nothing of review or publishing. Readers never
see these tables directly: the review workflow freezes an article's *document*
(articles/document.py), a plain dict built from these rows, into revisions, and public
pages render signed-off documents only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


def not_blank(field):
    """A CHECK condition: the text column is not empty (forms strip whitespace)."""
    return ~Q(**{field: ""})


class Category(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="Internal note for editors; readers do not see it.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=not_blank("name"), name="category_name_not_empty"),
            models.CheckConstraint(condition=not_blank("slug"), name="category_slug_not_empty"),
        ]

    def __str__(self):
        return self.name


class Article(models.Model):
    title = models.CharField(max_length=200, help_text="The symptom, e.g. “Muscle atrophy”.")
    slug = models.SlugField(max_length=200, unique=True)
    question = models.CharField(
        "question heading", max_length=250, help_text="The page heading, e.g. “What causes muscle atrophy?”."
    )
    lead = models.TextField(help_text="Two or three plain sentences shown under the heading.")
    categories = models.ManyToManyField(Category, related_name="articles", blank=True)
    overview = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="companion overview",
        help_text="An article shown as a “Read more” teaser, e.g. “What is muscle atrophy?”.",
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name="related articles"
    )
    copyright_holder = models.CharField(max_length=200, default="SymptomSite contributors")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    last_edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=not_blank("title"), name="article_title_not_empty"),
            models.CheckConstraint(condition=not_blank("slug"), name="article_slug_not_empty"),
            models.CheckConstraint(condition=not_blank("question"), name="article_question_not_empty"),
            models.CheckConstraint(condition=~Q(overview=models.F("pk")), name="article_not_own_overview"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.pk and self.overview_id == self.pk:
            raise ValidationError({"overview": "An article cannot be its own overview."}, code="own_overview")


class Condition(models.Model):
    """A cause that many articles list; one record, reused, so its gloss reads the same everywhere."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    synonyms = models.TextField(blank=True, help_text="Other names, one per line.")
    gloss = models.CharField(
        max_length=300,
        blank=True,
        help_text="A short plain-language explanation shown in brackets after the name.",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="own article",
        help_text="An article about this condition, if there is one.",
    )
    icd10 = models.CharField("ICD-10", max_length=20, blank=True)
    snomed_ct = models.CharField("SNOMED CT", max_length=20, blank=True)
    mesh = models.CharField("MeSH", max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=not_blank("name"), name="condition_name_not_empty"),
            models.CheckConstraint(condition=not_blank("slug"), name="condition_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    @property
    def synonym_list(self):
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]


class Ordered(models.Model):
    """Rows an editor puts in order within a parent (unique per parent)."""

    order = models.IntegerField(default=0, validators=[MinValueValidator(0)])

    class Meta:
        abstract = True
        ordering = ["order"]


class Section(Ordered):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=250)
    body = models.TextField(blank=True, help_text="Markdown (CommonMark). HTML is sanitised.")

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="section_order_unique"),
            models.CheckConstraint(condition=not_blank("heading"), name="section_heading_not_empty"),
        ]

    def __str__(self):
        return self.heading


class Urgency(models.TextChoices):
    NORMAL = "normal", "Normal"
    SOON = "soon", "See a doctor soon"
    EMERGENCY = "emergency", "Emergency"


class EntryGroup(Ordered):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="groups")
    heading = models.CharField(max_length=250, blank=True)
    lead_in = models.CharField("lead-in", max_length=500, blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)

    class Meta(Ordered.Meta):
        verbose_name = "group"
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="entrygroup_order_unique"),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="entrygroup_urgency_valid"),
        ]

    def __str__(self):
        return self.heading or f"Group {self.order}"


class Entry(Ordered):
    """One line in a group: a condition, a related article, or a plain item; exactly one."""

    group = models.ForeignKey(EntryGroup, on_delete=models.CASCADE, related_name="entries")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    related_article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="mentions"
    )
    text = models.CharField(
        "plain item", max_length=500, blank=True, help_text="A question, complication or other plain line."
    )
    note = models.CharField(max_length=300, blank=True, help_text="Extra words after a condition or article.")

    class Meta(Ordered.Meta):
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="entry_order_unique"),
            models.CheckConstraint(
                condition=(
                    Q(condition__isnull=False, related_article__isnull=True, text="")
                    | Q(condition__isnull=True, related_article__isnull=False, text="")
                    | (Q(condition__isnull=True, related_article__isnull=True) & ~Q(text=""))
                ),
                name="entry_exactly_one_target",
            ),
        ]

    def __str__(self):
        return str(self.condition or self.related_article or self.text)

    def clean(self):
        chosen = [bool(self.condition_id), bool(self.related_article_id), bool(self.text.strip())]
        if sum(chosen) != 1:
            raise ValidationError(
                "Choose exactly one of: a condition, a related article, or a plain item.", code="entry_target"
            )
        if self.text and self.note:
            raise ValidationError({"note": "A plain item has no note; write it into the item."}, code="note_on_text")


class Reference(Ordered):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    pmid = models.CharField("PubMed id", max_length=20, blank=True)
    accessed = models.DateField("date accessed", null=True, blank=True)

    class Meta(Ordered.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="reference_order_unique"),
            models.CheckConstraint(condition=not_blank("title"), name="reference_title_not_empty"),
        ]

    def __str__(self):
        return self.title
