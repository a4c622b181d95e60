"""Content: the working copy that editors change in the admin.

This app is the bottom layer: it knows nothing of review or publishing. Readers never
see these tables directly: the review workflow freezes an article's *document*
(articles/document.py), a plain dict built from these rows, into revisions, and public
pages render signed-off documents only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .history import current_author

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


class ContentChange(models.Model):
    """One write to a content record, and who made it: the history four-eyes reads.

    Appended by ``Recorded`` models and querysets on every path (save, delete, queryset
    update and delete, bulk create and update, many-to-many links), never edited."""

    CREATED, CHANGED, DELETED = "created", "changed", "deleted"

    model = models.CharField(max_length=40)
    object_id = models.BigIntegerField(null=True)
    owner_article_id = models.BigIntegerField(
        null=True, help_text="The article the record belongs to; empty for shared records (conditions, categories)."
    )
    action = models.CharField(max_length=10, choices=[(a, a) for a in (CREATED, CHANGED, DELETED)])
    fields = models.JSONField(default=list, help_text="Names of the fields written.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["owner_article_id", "changed_at"], name="change_by_article"),
            models.Index(fields=["model", "object_id", "changed_at"], name="change_by_record"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} {self.action} by {self.actor_id}"


def _record(model, rows, action, fields, author):
    """Append one ContentChange per (pk, owner article) in ``rows``."""
    now = timezone.now()
    ContentChange.objects.bulk_create(
        ContentChange(
            model=str(model._meta.model_name),
            object_id=pk,
            owner_article_id=owner,
            action=action,
            fields=sorted(fields),
            actor_id=author.pk,
            changed_at=now,
        )
        for pk, owner in rows
    )


class RecordedQuerySet(models.QuerySet):
    """Bulk paths write history too, so a shell's ``.update()`` is not a way round it."""

    def _owners(self):
        path = self.model.owner_path
        return list(self.values_list("pk", path)) if path else [(pk, None) for pk in self.values_list("pk", flat=True)]

    # Each method names the author before writing: an unattributed write must not happen.

    def update(self, **kwargs):
        author = current_author()
        rows = self._owners()
        count = super().update(**kwargs)
        if rows:
            _record(self.model, rows, ContentChange.CHANGED, kwargs, author)
        return count

    def delete(self):
        author = current_author()
        rows = self._owners()
        result = super().delete()
        if rows:
            _record(self.model, rows, ContentChange.DELETED, [], author)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        author = current_author()
        objs = super().bulk_create(objs, *args, **kwargs)
        _record(self.model, [(o.pk, o.history_owner()) for o in objs], ContentChange.CREATED, ["*"], author)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        author = current_author()
        count = super().bulk_update(objs, fields, *args, **kwargs)
        _record(self.model, [(o.pk, o.history_owner()) for o in objs], ContentChange.CHANGED, fields, author)
        return count


class Recorded(models.Model):
    """A content record whose every write is attributed (articles/history.py)."""

    # The lookup from this record to the id of the article it belongs to; None for shared
    # records, whose changes are matched by their own id.
    owner_path: str | None = None

    objects = RecordedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        author = current_author()  # before writing: an unattributed save must not happen
        adding = self._state.adding
        changed = self._changed_fields(kwargs.get("update_fields")) if not adding else ["*"]
        super().save(*args, **kwargs)
        if changed:
            ContentChange.objects.create(
                model=str(self._meta.model_name),
                object_id=self.pk,
                owner_article_id=self.history_owner(),
                action=ContentChange.CREATED if adding else ContentChange.CHANGED,
                fields=sorted(changed),
                actor_id=author.pk,
            )

    def delete(self, *args, **kwargs):
        author = current_author()
        pk, owner = self.pk, self.history_owner()
        result = super().delete(*args, **kwargs)
        ContentChange.objects.create(
            model=str(self._meta.model_name),
            object_id=pk,
            owner_article_id=owner,
            action=ContentChange.DELETED,
            actor_id=author.pk,
        )
        return result

    def history_owner(self):
        if self.owner_path is None:
            return None
        value = self
        for part in self.owner_path.split("__"):
            value = getattr(value, part)
        return value

    def _changed_fields(self, update_fields):
        """Names of the concrete fields whose value differs from the stored row."""
        attnames = {f.name: f.attname for f in self._meta.concrete_fields if not f.primary_key}
        names = list(attnames.values()) if update_fields is None else [attnames[n] for n in update_fields]
        stored = type(self)._base_manager.filter(pk=self.pk).values(*names).first()
        if stored is None:
            return ["*"]
        return [n.removesuffix("_id") for n in names if stored[n] != getattr(self, n)]


class Category(Recorded):
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


class Article(Recorded):
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


class ArticleCategory(Recorded):
    """An article filed under a category (the many-to-many link, recorded like content)."""

    owner_path = "article_id"

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    category = models.ForeignKey(Category, on_delete=models.CASCADE)

    class Meta:
        db_table = "articles_article_categories"  # the table Django made for the plain many-to-many
        unique_together = [("article", "category")]

    def __str__(self):
        return f"{self.article_id} in {self.category_id}"


class RelatedArticle(Recorded):
    """An article that another lists as related (the many-to-many link)."""

    owner_path = "from_article_id"

    from_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    to_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "articles_article_related"
        unique_together = [("from_article", "to_article")]

    def __str__(self):
        return f"{self.from_article_id} -> {self.to_article_id}"


class Condition(Recorded):
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


class Ordered(Recorded):
    """Rows an editor puts in order within a parent (unique per parent)."""

    order = models.IntegerField(default=0, validators=[MinValueValidator(0)])

    class Meta:
        abstract = True
        ordering = ["order"]


class Section(Ordered):
    owner_path = "article_id"
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=250)
    body = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(LIMITS["section body characters"])],
        help_text=f"Markdown (CommonMark). HTML is sanitised. At most {LIMITS['section body characters']:,} "
        "characters: split longer text into sections.",
    )

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
    owner_path = "section__article_id"
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


class Likelihood(models.TextChoices):
    COMMON = "common", "Common"
    LESS_COMMON = "less common", "Less common"
    RARE = "rare", "Rare"


LIKELIHOOD_ORDER = {Likelihood.COMMON: 0, Likelihood.LESS_COMMON: 1, "": 2, Likelihood.RARE: 3}


class Entry(Ordered):
    """One line in a group: a condition, a related article, or a plain item; exactly one."""

    owner_path = "group__section__article_id"

    group = models.ForeignKey(EntryGroup, on_delete=models.CASCADE, related_name="entries")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    related_article = models.ForeignKey(
        Article, on_delete=models.PROTECT, null=True, blank=True, related_name="mentions"
    )
    text = models.CharField(
        "plain item", max_length=500, blank=True, help_text="A question, complication or other plain line."
    )
    note = models.CharField(max_length=300, blank=True, help_text="Extra words after a condition or article.")
    likelihood = models.CharField(
        max_length=12,
        choices=Likelihood.choices,
        blank=True,
        help_text="For a cause: how common it is for this symptom. Lists and the navigator order by it.",
    )

    class Meta(Ordered.Meta):
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="entry_order_unique"),
            models.CheckConstraint(condition=Q(likelihood__in=["", *Likelihood.values]), name="entry_likelihood_valid"),
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
        if self.text and self.likelihood:
            raise ValidationError({"likelihood": "Only causes have a likelihood."}, code="likelihood_on_text")
        chosen = [bool(self.condition_id), bool(self.related_article_id), bool(self.text.strip())]
        if sum(chosen) != 1:
            raise ValidationError(
                "Choose exactly one of: a condition, a related article, or a plain item.", code="entry_target"
            )
        if self.text and self.note:
            raise ValidationError({"note": "A plain item has no note; write it into the item."}, code="note_on_text")


class Reference(Ordered):
    owner_path = "article_id"
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


class CareTier(models.TextChoices):
    EMERGENCY = "emergency", "Emergency: call the emergency number now"
    URGENT = "urgent", "Urgent: get medical advice today"
    ROUTINE = "routine", "See a doctor: make an appointment"


class CareAdvice(Ordered):
    """One "when to get help" statement: a sign or situation a reader can recognise in
    themselves, in one of three tiers. Reviewed with the article; shown right after its lead."""

    owner_path = "article_id"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="care_advice")
    tier = models.CharField(max_length=10, choices=CareTier.choices)
    text = models.CharField(
        max_length=300,
        help_text="Finishes the tier's heading, e.g. “you suddenly cannot move one side of your body”. Symptoms "
        "and situations, never a disease name.",
    )

    class Meta(Ordered.Meta):
        verbose_name = "when to get help"
        verbose_name_plural = "when to get help"
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="careadvice_order_unique"),
            models.CheckConstraint(condition=Q(tier__in=CareTier.values), name="careadvice_tier_valid"),
            models.CheckConstraint(condition=not_blank("text"), name="careadvice_text_not_empty"),
        ]

    def __str__(self):
        return self.text


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
