"""The read model's tables: what readers get, and nothing else (see ../__init__.py)."""

from .listings import (
    CareStatement,
    CategoryListing,
    CategorySummary,
    ConditionListing,
    ConditionSummary,
    shows_changed_records,
)
from .publication import Publication, PublicationClock, PublicRowsQuerySet, sealed, shown_to_readers
from .search import SearchCondition, SearchDocument, SearchTerm
from .translations import TranslationPublication, TranslationSearch

__all__ = [
    "CareStatement",
    "CategoryListing",
    "CategorySummary",
    "ConditionListing",
    "ConditionSummary",
    "PublicRowsQuerySet",
    "Publication",
    "PublicationClock",
    "SearchCondition",
    "SearchDocument",
    "SearchTerm",
    "TranslationPublication",
    "TranslationSearch",
    "sealed",
    "shown_to_readers",
    "shows_changed_records",
]
