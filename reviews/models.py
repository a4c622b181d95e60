"""Every model of the reviews app, for Django to find. Each part keeps its models in its
own module and the code imports them from there; this module only lists them."""

from .operations.models import LinkCheck, LinkCitation, LinkStatus, ReminderLog
from .provenance.models import (
    Action,
    AuditHead,
    Decision,
    LogEntry,
    ReviewerProfile,
    ReviewEvent,
    Revision,
    SignOff,
    TreeHead,
)
from .provenance.translations import TranslationRevision, TranslationSignOff
from .readmodel.models import (
    CareStatement,
    CategoryListing,
    CategorySummary,
    ConditionListing,
    ConditionSummary,
    Publication,
    PublicationClock,
    SearchCondition,
    SearchDocument,
    SearchTerm,
    TranslationPublication,
    TranslationSearch,
)
from .workflow.models import ProblemReport

__all__ = [
    "Action",
    "AuditHead",
    "CareStatement",
    "CategoryListing",
    "CategorySummary",
    "ConditionListing",
    "ConditionSummary",
    "Decision",
    "LinkCheck",
    "LinkCitation",
    "LinkStatus",
    "LogEntry",
    "ProblemReport",
    "Publication",
    "PublicationClock",
    "ReminderLog",
    "ReviewEvent",
    "ReviewerProfile",
    "Revision",
    "SearchCondition",
    "SearchDocument",
    "SearchTerm",
    "SignOff",
    "TranslationPublication",
    "TranslationRevision",
    "TranslationSearch",
    "TranslationSignOff",
    "TreeHead",
]
