"""Content records: articles, the categories and conditions they share, and the links between them.

This app is the bottom layer: it knows nothing of review or publishing. Readers never
see these tables directly: the review workflow freezes an article's *document*
(articles/document.py), a plain dict built from these rows, into revisions, and public
pages render signed-off documents only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .changes import Attributed

# What one article may hold: generous for a symptom page, small enough that every page,
# save and review stays fast. Editors who reach one get a form error saying so.
LIMITS = {
    "sections": 40,
    "lists per section": 30,
    "entries per list": 200,
    "references": 100,
    "care statements": 30,
    "section body characters": 20_000,
}


def not_blank(field):
    """A CHECK condition: the text column is not empty (forms strip whitespace)."""
    return ~Q(**{field: ""})


class Category(Attributed):
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


class Article(Attributed):
    owner_path = "pk"
    title = models.CharField(max_length=200, help_text="The symptom, e.g. “Muscle atrophy”.")
    slug = models.SlugField(max_length=200, unique=True)
    question = models.CharField(
        "question heading", max_length=250, help_text="The page heading, e.g. “What causes muscle atrophy?”."
    )
    lead = models.TextField(
        validators=[MaxLengthValidator(1000)], help_text="Two or three plain sentences shown under the heading."
    )
    lay_terms = models.TextField(
        "also searched as",
        blank=True,
        validators=[MaxLengthValidator(1000)],
        help_text="Everyday words people search with for this symptom, one per line (e.g. dizzy, lightheaded). "
        "Reviewed with the article; readers never see them, search finds the article by them.",
    )
    categories: "models.ManyToManyField[Category, ArticleCategory]" = models.ManyToManyField(
        Category, related_name="articles", blank=True, through="ArticleCategory"
    )
    overview = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="companion overview",
        help_text="An article shown as a “Read more” teaser, e.g. “What is muscle atrophy?”.",
    )
    related: "models.ManyToManyField[Article, RelatedArticle]" = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name="related articles",
        through="RelatedArticle",
        through_fields=("from_article", "to_article"),
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


class ArticleCategory(Attributed):
    """An article filed under a category (the many-to-many link, recorded like content)."""

    owner_path = "article_id"

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    category = models.ForeignKey(Category, on_delete=models.CASCADE)

    class Meta:
        db_table = "articles_article_categories"  # the table Django made for the plain many-to-many
        unique_together = [("article", "category")]

    def __str__(self):
        return f"{self.article_id} in {self.category_id}"


class RelatedArticle(Attributed):
    """An article that another lists as related (the many-to-many link)."""

    owner_path = "from_article_id"

    from_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    to_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "articles_article_related"
        unique_together = [("from_article", "to_article")]

    def __str__(self):
        return f"{self.from_article_id} -> {self.to_article_id}"


class Condition(Attributed):
    """A cause that many articles list; one record, reused, so its gloss reads the same everywhere."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    synonyms = models.TextField(
        "also called",
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text="Other names, one per line; shown as “also called” on the condition's page.",
    )
    lay_terms = models.TextField(
        "also searched as",
        blank=True,
        validators=[MaxLengthValidator(1000)],
        help_text="Everyday words people search with for this condition, one per line (e.g. slipped disc).",
    )
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


class EditSession(models.Model):
    """Who last opened an article's edit page, and when: so the next person to open it
    knows someone may be editing it. Not content (not recorded, not reviewed)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="one_edit_session_per_user")]

    def __str__(self):
        return f"{self.user_id} opened {self.article_id} at {self.opened_at:%Y-%m-%d %H:%M}"
