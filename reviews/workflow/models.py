"""The workflow's own records: readers' reports about a page, each tied to the live
revision they were reading, until a reviewer or site admin resolves it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.models import Article
from reviews.provenance.models import Revision


class ProblemReportQuerySet(models.QuerySet["ProblemReport"]):
    def open(self) -> "ProblemReportQuerySet":
        return self.filter(resolved_at__isnull=True)


class ProblemReport(models.Model):
    """A reader's report about a page, tied to the live revision they were reading."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="problem_reports")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="problem_reports")
    message = models.TextField(max_length=2000)
    language = models.CharField(
        max_length=10, blank=True, default="", help_text="The translation the reader was reading; empty for English."
    )
    email = models.EmailField(blank=True, help_text="Optional, for a reply.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The dashboard's open reports, oldest first; resolved ones (most, in time) are not indexed.
        indexes = [
            models.Index(
                fields=["created_at", "id"], condition=Q(resolved_at__isnull=True), name="report_open_created_at"
            )
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(message=""), name="report_message_not_empty"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution_note=""), name="report_resolution_has_note"
            ),
        ]

    def __str__(self) -> str:
        return f"Report on {self.article} ({self.created_at:%Y-%m-%d})"
