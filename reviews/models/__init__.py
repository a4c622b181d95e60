"""Review and publication records. State changes go through reviews/services.py (the
workflow) and reviews/publishing.py (what readers get), never through these models
directly."""

from .events import Action, AuditHead, ReviewEvent
from .links import LinkCheck, LinkCitation, LinkStatus
from .profiles import ReminderLog, ReviewerProfile
from .publication import (
    CareStatement,
    ConditionListing,
    Publication,
    PublicationClock,
    PublicCategory,
    PublicCondition,
    PublishedCategory,
    SearchCondition,
    SearchDocument,
    SearchTerm,
)
from .reports import ProblemReport
from .revisions import Decision, Revision, SignOff

__all__ = [
    "Action",
    "AuditHead",
    "CareStatement",
    "ConditionListing",
    "Decision",
    "LinkCheck",
    "LinkCitation",
    "LinkStatus",
    "ProblemReport",
    "Publication",
    "PublicationClock",
    "PublicCategory",
    "PublicCondition",
    "PublishedCategory",
    "ReminderLog",
    "ReviewEvent",
    "ReviewerProfile",
    "Revision",
    "SearchCondition",
    "SearchDocument",
    "SearchTerm",
    "SignOff",
]
