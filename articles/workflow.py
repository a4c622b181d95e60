"""The seam between the content admin and whatever reviews and publishes content.

Content is the bottom layer and knows nothing of review. The project names, in
``settings.EDITORIAL_WORKFLOW``, a subclass of EditorialWorkflow that adds the publishing
side's columns, filters, actions, pages and messages to the content admin; this base
class adds none, so the content admin also works on its own
(tests/articles/test_admin_alone.py).
"""

from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.module_loading import import_string

from .models import Article, Condition, Translation, WarningSign


class EditorialWorkflow:
    """What the content admin asks of the publishing side. Every hook is optional."""

    def annotate_articles(self, queryset: QuerySet[Article]) -> QuerySet[Article]:
        """Add what the extra columns and the panel read, in the changelist's query."""
        return queryset

    def article_columns(self) -> list[Any]:
        """Extra changelist columns: callables taking an article, as list_display takes them."""
        return []

    def article_filters(self) -> list[Any]:
        return []

    def article_actions(self, request: HttpRequest) -> list[Any]:
        """Changelist actions this user may run (the others are not offered)."""
        return []

    def article_urls(self, model_admin: ModelAdmin) -> list[Any]:
        """Extra admin URLs under the article admin (e.g. a submit page)."""
        return []

    def article_panel(self, request: HttpRequest, article: Article) -> str:
        """HTML shown at the top of an article's change page (state, dates, links)."""
        return ""

    def article_tools(self, request: HttpRequest, article: Article) -> list[tuple[str, str]]:
        """(label, url) links beside "History" on an article's change page."""
        return []

    def public_status(self, article: Article) -> str:
        """One sentence for the action bar: what readers see of this article now."""
        return ""

    def saved_message(self, article: Article) -> str:
        """What "Saved" means for readers, shown after an editor saves the article."""
        return f"Saved “{article}”."

    def submit_url(self, request: HttpRequest, article: Article) -> str | None:
        """Where "Save and submit for review" goes after saving, if this user may submit."""
        return None

    def may_delete(self, article: Article) -> bool:
        """Whether the article can be deleted at all (not, say, once it has a review record)."""
        return True

    def condition_notice(self, condition: Condition) -> str:
        """Shown above a condition's form: which published articles show it."""
        return ""

    def preview_url(self, article: Article) -> str | None:
        """Where "View on site" goes: a preview of the working copy, if there is one."""
        return None

    def condition_saved(self, request: HttpRequest, condition: Condition, changes: dict[str, tuple[str, str]]) -> None:
        """A condition's shown fields changed in the admin: ``changes`` maps field to (old, new)."""

    def sign_notice(self, sign: WarningSign) -> str:
        """Shown above a warning sign's form: which published articles give it."""
        return ""

    def sign_saved(self, request: HttpRequest, sign: WarningSign, changes: dict[str, tuple[str, str]]) -> None:
        """A warning sign's wording, tier or condition changed in the admin."""

    def translation_created(self, request: HttpRequest, translation: Translation) -> None:
        """A translation was added in the admin: fill its segments from what it translates."""

    def translation_urls(self, model_admin: ModelAdmin) -> list[Any]:
        """Extra admin URLs under the translation admin (bring up to date, submit)."""
        return []

    def translation_panel(self, request: HttpRequest, translation: Translation) -> str:
        """HTML shown at the top of a translation's change page (its source, its state)."""
        return ""

    def translation_tools(self, request: HttpRequest, translation: Translation) -> list[tuple[str, str]]:
        """(label, url) links beside "History" on a translation's change page."""
        return []


def editorial_workflow() -> EditorialWorkflow:
    """The workflow settings.EDITORIAL_WORKFLOW names (one instance per name), or this
    base class, which adds nothing, when it names none."""
    return _workflow(getattr(settings, "EDITORIAL_WORKFLOW", ""))


@cache
def _workflow(path: str) -> EditorialWorkflow:
    return import_string(path)() if path else EditorialWorkflow()
