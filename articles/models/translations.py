"""Translations being written: one per article and language, a segment per piece of the
English text (articles/translation.py). Like every content record, each write is
attributed, and four eyes reads who wrote which translated text.

A translation names the SHA-256 of the signed English document it was made from
(``source_hash``); the review side fills and refreshes its segments from that document,
freezes it into a translation revision and signs it off. Readers never see these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .changes import Attributed
from .content import Article, not_blank


def translation_languages() -> list[tuple[str, str]]:
    """The languages content is translated into: every language of the site but the first."""
    return list(settings.LANGUAGES[1:])


class Translation(Attributed):
    # Its changes are matched by its own id, not counted as the article's: who translates
    # an article has not written its English (four eyes on English revisions).
    owner_path = None

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=translation_languages)
    source_hash = models.CharField(
        "English source (SHA-256)",
        max_length=64,
        blank=True,
        editable=False,
        help_text="The signed English revision the segments were last brought up to date with.",
    )
    source_number = models.PositiveIntegerField(
        "English revision", null=True, blank=True, editable=False, help_text="Its number, for people to read."
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    last_edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["article__title", "language"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="translation_one_per_language"),
            models.CheckConstraint(condition=not_blank("language"), name="translation_language_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.article} ({self.get_language_display()})"

    def texts(self) -> dict[str, str]:
        """{segment key: translated text} of every segment."""
        return dict(self.segments.values_list("key", "text"))


class TranslatedSegment(Attributed):
    """One piece of English text and its translation."""

    owner_path = None

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField(default=0, editable=False)
    key = models.CharField(max_length=200, editable=False)
    label = models.CharField(max_length=200, editable=False)
    source = models.TextField("English", editable=False)
    text = models.TextField("translation", blank=True)
    required = models.BooleanField(default=True, editable=False)
    lines = models.BooleanField(default=False, editable=False, help_text="One item per line.")

    class Meta:
        ordering = ["translation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "key"], name="segment_key_unique"),
            models.CheckConstraint(condition=~Q(key=""), name="segment_key_not_empty"),
        ]

    def __str__(self) -> str:
        return self.label
