"""The parts of an article an editor puts in order: sections, their lists (groups) and
entries, references and "when to get help" statements (each a shared warning sign)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .changes import Attributed
from .content import LIMITS, Article, Condition, not_blank


def unique_order(parent: str) -> models.UniqueConstraint:
    """An Ordered model's rows hold distinct places within ``parent``
    ("section_order_unique" and so on, as the migrations named them)."""
    return models.UniqueConstraint(fields=[parent, "order"], name="%(class)s_order_unique")


class Ordered(Attributed):
    """Rows an editor puts in order within a parent (unique per parent: unique_order)."""

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
            unique_order("article"),
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
            unique_order("section"),
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
            unique_order("group"),
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
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
        help_text="The year the source was published or last updated.",
    )
    accessed = models.DateField("date accessed", null=True, blank=True)

    class Meta(Ordered.Meta):
        constraints = [
            unique_order("article"),
            models.CheckConstraint(condition=not_blank("title"), name="reference_title_not_empty"),
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1800, year__lte=2100),
                name="reference_year_plausible",
            ),
        ]

    def __str__(self):
        return self.title


class CareTier(models.TextChoices):
    EMERGENCY = "emergency", "Emergency: call the emergency number now"
    URGENT = "urgent", "Urgent: get medical advice today"
    ROUTINE = "routine", "See a doctor: make an appointment"


# The tiers' names, short enough to be read whole in a select (the page says the rest).
TIER_SHORT_NAMES: dict[str, str] = {
    CareTier.EMERGENCY: "Emergency",
    CareTier.URGENT: "Urgent (today)",
    CareTier.ROUTINE: "See a doctor",
}


class WarningSign(Attributed):
    """A warning sign: one wording, one tier, in plain words, shared by every article that
    gives it (as conditions are), so that readers and the navigator meet it once, at the
    same urgency everywhere. Changing one marks every live article that shows it as having
    changes pending review; readers keep the reviewed wording until then."""

    text = models.CharField(
        "wording",
        max_length=300,
        unique=True,
        help_text="Finishes the tier's heading, e.g. “you suddenly cannot move one side of your body”. Symptoms "
        "and situations a reader can recognise in themselves, never a disease name.",
    )
    tier = models.CharField(max_length=10, choices=CareTier.choices)
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warning_signs",
        verbose_name="sign of",
        help_text="The condition this is a warning sign of, if it is one condition's (face drooping: stroke). "
        "The condition's page lists it.",
    )

    class Meta:
        ordering = ["tier", "text"]
        constraints = [
            models.CheckConstraint(condition=Q(tier__in=CareTier.values), name="warningsign_tier_valid"),
            models.CheckConstraint(condition=not_blank("text"), name="warningsign_text_not_empty"),
        ]

    def __str__(self):
        return f"{TIER_SHORT_NAMES[self.tier]}: {self.text}"


class CareAdvice(Ordered):
    """A warning sign an article gives under "when to get help": reviewed with the
    article, shown right after its lead, in the sign's tier and wording."""

    owner_path = "article_id"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="care_advice")
    sign = models.ForeignKey(WarningSign, on_delete=models.PROTECT, related_name="given")

    class Meta(Ordered.Meta):
        verbose_name = "when to get help"
        verbose_name_plural = "when to get help"
        constraints = [
            unique_order("article"),
            models.UniqueConstraint(fields=["article", "sign"], name="careadvice_sign_once"),
        ]

    def __str__(self):
        return str(self.sign)
