"""The review workflow in the content admin: what settings.EDITORIAL_WORKFLOW names.

Adds review state and due dates to the article changelist, a "review" filter, "Submit
for review" (as a changelist action and a page per article), the state panel on each
article's page, and the audit of condition edits.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from articles.checks import check_document, known_condition_names
from articles.document import load_documents
from articles.models import Article
from articles.signs import known_warning_signs
from articles.workflow import EditorialWorkflow
from reviews.accounts.permissions import can_use_workspace
from reviews.readmodel.models import CareStatement, ConditionListing, Publication
from reviews.workflow import services
from reviews.workflow.state import State, edited_since_submitted, in_state, review_state, with_review_state

from .forms import SubmitForm
from .translating import TranslationEditorial

SHARED_CHANGED = "A condition, category or warning sign it shows was changed since sign-off"


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"
    STATES = {
        "waiting": State.WAITING,
        "changes": State.CHANGES_REQUESTED,
        "pending": State.LIVE_PENDING,
        "live": State.LIVE,
        "draft": State.DRAFT,
        "withdrawn": State.WITHDRAWN,
    }

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("due", f"Review due within {settings.REVIEW_DUE_SOON_DAYS} days"),
            ("waiting", "Waiting for review"),
            ("changes", "Changes requested"),
            ("pending", "Live, changes pending"),
            ("live", "Live"),
            ("draft", "Draft"),
            ("withdrawn", "Withdrawn"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "overdue":
            return queryset.filter(pk__in=Publication.objects.overdue(on=today).values("pk"))
        if value == "due":
            due = Publication.objects.due_for_review(on=today, within_days=settings.REVIEW_DUE_SOON_DAYS)
            return queryset.filter(pk__in=due.values("pk"))
        if value in self.STATES:
            return queryset.filter(in_state(self.STATES[value]))  # annotated by with_review_state
        return queryset


@admin.display(description="state")
def state(article):
    current = review_state(article)
    label = current.label
    if current != State.WITHDRAWN and article.latest_revision_id and edited_since_submitted(article):
        label += " · edited since submitted"
    return label


@admin.display(description="last reviewed", ordering="publication__last_reviewed")
def last_reviewed(article):
    return date_format(article.last_reviewed) if article.last_reviewed else "–"


@admin.display(description="next review due", ordering="publication__next_review_due")
def review_due(article):
    if article.next_review_due is None:
        return "–"
    if not article.withdrawn_at and article.next_review_due < timezone.localdate():
        return format_html('<strong class="overdue">{} (overdue)</strong>', date_format(article.next_review_due))
    return date_format(article.next_review_due)


@admin.action(description="Submit selected articles for review")
def submit_selected(model_admin, request, queryset):
    form = SubmitForm(request.POST if "summary" in request.POST else None)
    if form.is_valid():
        _submit(request, list(queryset), form.cleaned_data["summary"])
        return None
    return _submit_page(request, model_admin, list(queryset), form)


def _submit(request, articles, summary):
    done = 0
    for article in articles:
        try:
            services.submit_for_review(article=article, by=request.user, summary=summary)
            done += 1
        except services.ReviewError as error:
            messages.warning(request, f"{article}: {error.message}")
    if done:
        noun = "article" if done == 1 else "articles"
        messages.success(request, f"Submitted {done} {noun} for review.")


def _submit_page(request, model_admin, articles, form):
    # Author checks on each working copy: what the reviewer will see beside the revision.
    names, signs = known_condition_names(), known_warning_signs()
    documents = load_documents(a.pk for a in articles)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Submit for review",
        "articles": articles,
        "checks": [(a, check_document(documents[a.pk], condition_names=names, shared_signs=signs)) for a in articles],
        "form": form,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/reviews/submit.html", context)


class ReviewWorkflow(TranslationEditorial, EditorialWorkflow):
    def annotate_articles(self, queryset):
        return with_review_state(queryset)

    def article_columns(self):
        return [state, last_reviewed, review_due]

    def article_filters(self):
        return [ReviewStateFilter]

    def article_actions(self, request):
        return [submit_selected] if request.user.has_perm("reviews.submit_revision") else []

    def article_urls(self, model_admin):
        def submit_view(request, pk):
            if not request.user.has_perm("reviews.submit_revision"):
                raise PermissionDenied
            article = get_object_or_404(Article, pk=pk)
            form = SubmitForm(request.POST or None)
            if request.method == "POST" and form.is_valid():
                _submit(request, [article], form.cleaned_data["summary"])
                return redirect("admin:articles_article_change", article.pk)
            return _submit_page(request, model_admin, [article], form)

        view = model_admin.admin_site.admin_view(submit_view)
        return [path("<int:pk>/submit/", view, name="articles_article_submit")]

    def article_panel(self, request, article):
        parts: list[str] = [format_html("<strong>{}</strong>", review_state(article).label)]
        if article.last_reviewed:
            parts.append(
                format_html(
                    "Last reviewed {} · next review due {}",
                    date_format(article.last_reviewed),
                    date_format(article.next_review_due),
                )
            )
        if article.latest_decision == "changes_requested":
            parts.append(format_html("Reviewer asked for changes: “{}”", article.latest_decision_comment))
        if article.shared_changes:
            parts.append(f"{SHARED_CHANGED}; submit a new revision.")
        if can_use_workspace(request.user):
            parts.append(
                format_html('<a href="{}">Open in review workspace</a>', reverse("reviews:article", args=[article.pk]))
            )
        return format_html_join("", "<p>{}</p>", ((p,) for p in parts))

    def public_status(self, article):
        current = review_state(article)
        latest, live = article.latest_revision_number, article.live_revision_number
        edited = edited_since_submitted(article)
        upcoming = (latest or 0) + 1 if edited or latest is None else latest
        if current == State.WITHDRAWN:
            return (
                "Withdrawn: readers get a “page withdrawn” notice. Nothing here is public until a new revision "
                "is approved."
            )
        if live is None:
            if current == State.DRAFT:
                return f"Not public yet. Submit it for review; readers see it once revision {upcoming} is approved."
            if current == State.CHANGES_REQUESTED and not edited:
                return f"Not public yet. The reviewer asked for changes to revision {latest}."
            if edited:
                return (
                    f"Not public yet. Your saved changes go to readers once revision {upcoming} is submitted "
                    "and approved."
                )
            return f"Not public yet. Revision {latest} is waiting for review."
        reviewed = date_format(article.last_reviewed) if article.last_reviewed else ""
        readers = f"Readers see revision {live}" + (f", reviewed {reviewed}." if reviewed else ".")
        if edited:
            return f"{readers} Your saved changes stay private until revision {upcoming} is submitted and approved."
        if latest != live:
            if current == State.CHANGES_REQUESTED:
                return f"{readers} The reviewer asked for changes to revision {latest}."
            return f"{readers} Revision {latest} is waiting for review."
        if article.shared_changes:
            return f"{readers} {SHARED_CHANGED}: submit a new revision."
        return f"{readers} The working copy matches it."

    def saved_message(self, article):
        current = review_state(article)
        upcoming = (article.latest_revision_number or 0) + 1
        if current == State.WITHDRAWN:
            return f"Saved. The article stays withdrawn until revision {upcoming} is submitted and approved."
        if article.live_revision_number is None:
            return (
                f"Saved. Nothing is public yet: readers see this article once revision {upcoming} is submitted "
                "and approved."
            )
        return (
            f"Saved. The public page is unchanged (revision {article.live_revision_number}) until revision "
            f"{upcoming} is submitted and approved."
        )

    def submit_url(self, request, article):
        if not request.user.has_perm("reviews.submit_revision"):
            return None
        return reverse("admin:articles_article_submit", args=[article.pk])

    def may_delete(self, article):
        # Revisions and sign-offs are the audit trail; an article that has one is withdrawn, not deleted.
        return not article.revisions.exists()

    def condition_notice(self, condition):
        # Titles only: a publication row carries the article's whole search text.
        showing = ConditionListing.objects.showing(condition).values_list("publication__title", flat=True)
        return _shown_on(showing, "condition", "the name, gloss, also-called names or everyday words")

    def sign_notice(self, sign):
        showing = CareStatement.objects.public().filter(record=sign).values_list("publication__title", flat=True)
        return _shown_on(showing, "warning sign", "its wording, tier or condition")

    def article_tools(self, request, article):
        tools = []
        if request.user.has_perm("reviews.submit_revision"):
            tools.append(("Submit for review…", reverse("admin:articles_article_submit", args=[article.pk])))
        if request.user.has_perm("reviews.withdraw_article") and article.live_revision_id and not article.withdrawn_at:
            tools.append(("Withdraw…", reverse("reviews:withdraw", args=[article.pk])))
        return tools

    def preview_url(self, article):
        return reverse("public:preview", args=[article.pk])

    def condition_saved(self, request, condition, changes):
        flagged = services.record_condition_change(condition=condition, by=request.user, changes=changes)
        _flagged_message(request, flagged, "this condition")

    def sign_saved(self, request, sign, changes):
        flagged = services.record_sign_change(sign=sign, by=request.user, changes=changes)
        _flagged_message(request, flagged, "this warning sign")


def _shown_on(titles, kind, changing):
    """Above a shared record's form: the live articles that show it."""
    titles = sorted(set(titles))
    if not titles:
        return f"No live article shows this {kind} yet."
    shown = ", ".join(titles[:10]) + (f" and {len(titles) - 10} more" if len(titles) > 10 else "")
    noun = "live article" if len(titles) == 1 else "live articles"
    return (
        f"Shown on {len(titles)} {noun}: {shown}. Changing {changing} flags them for re-review; readers keep "
        "the reviewed wording until each is approved again."
    )


def _flagged_message(request, flagged, record):
    if flagged:
        noun = "live article shows" if len(flagged) == 1 else "live articles show"
        messages.warning(
            request,
            f"{len(flagged)} {noun} {record} and now have changes pending review. Readers keep "
            "seeing the reviewed wording until a new revision is approved.",
        )
