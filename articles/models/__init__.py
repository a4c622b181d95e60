"""Content: the working copy that editors change in the admin.

This app is the bottom layer: it knows nothing of review or publishing. Readers never
see these tables directly: the review workflow freezes an article's *document*
(articles/document.py), a plain dict built from these rows, into revisions, and public
pages render signed-off documents only.

- changes.py: the content history (who wrote what) and the AppendOnly guard
- content.py: articles, categories, conditions and the links between them
- parts.py: what an editor puts in order inside an article
- translations.py: translations being written, segment by segment
"""

from .changes import (
    AppendOnly,
    AppendOnlyQuerySet,
    Attributed,
    AttributedQuerySet,
    ContentChange,
    ContentHead,
    history_gap,
    verify_content_history,
)
from .content import LIMITS, Article, ArticleCategory, Category, Condition, EditSession, RelatedArticle, not_blank
from .parts import (
    LIKELIHOOD_ORDER,
    TIER_SHORT_NAMES,
    CareAdvice,
    CareTier,
    Entry,
    EntryGroup,
    Likelihood,
    Ordered,
    Reference,
    Section,
    Urgency,
    WarningSign,
)
from .translations import TranslatedSegment, Translation, translation_languages

__all__ = [
    "LIKELIHOOD_ORDER",
    "LIMITS",
    "AppendOnly",
    "AppendOnlyQuerySet",
    "Article",
    "ArticleCategory",
    "Attributed",
    "AttributedQuerySet",
    "CareAdvice",
    "CareTier",
    "Category",
    "Condition",
    "ContentChange",
    "ContentHead",
    "history_gap",
    "verify_content_history",
    "EditSession",
    "Entry",
    "EntryGroup",
    "Likelihood",
    "Ordered",
    "Reference",
    "RelatedArticle",
    "Section",
    "TIER_SHORT_NAMES",
    "TranslatedSegment",
    "Translation",
    "Urgency",
    "WarningSign",
    "not_blank",
    "translation_languages",
]
