"""Review features in the admin: article state and submit-for-review on the article
pages, condition edits flagged for review, and read-only review records."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.admin import ArticleAdmin, ConditionAdmin
from articles.models import Article, Condition

from . import services
from .forms import SubmitForm
from .models import ProblemReport, ReviewerProfile, ReviewEvent, Revision, SignOff
from .state import State, edited_since_submitted, review_state, with_review_state
from .users import RoleSafeUserAdmin

User = get_user_model()


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

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
            return queryset.overdue(on=today)
        if value == "due":
            return queryset.due_for_review(on=today, within_days=settings.REVIEW_DUE_SOON_DAYS)
        states = {
            "waiting": State.WAITING,
            "changes": State.CHANGES_REQUESTED,
            "pending": State.LIVE_PENDING,
            "live": State.LIVE,
            "draft": State.DRAFT,
            "withdrawn": State.WITHDRAWN,
        }
        if value in states:
            # The state is derived per row; the changelist is small enough to filter in Python.
            wanted = [a.pk for a in with_review_state(queryset) if review_state(a) == states[value]]
            return queryset.filter(pk__in=wanted)
        return queryset


class ReviewedArticleAdmin(ArticleAdmin):
    list_display = ["title", "state", "last_reviewed", "due", "updated_at", "preview_link"]
    list_filter = [ReviewStateFilter, *ArticleAdmin.list_filter]
    actions = ["submit_selected"]
    readonly_fields = ["review"]
    fieldsets = [("Medical review", {"fields": ["review"]}), *ArticleAdmin.fieldsets]

    def get_queryset(self, request):
        return with_review_state(super().get_queryset(request))

    @admin.display(description="state")
    def state(self, obj):
        label = review_state(obj).label
        if review_state(obj) != State.WITHDRAWN and edited_since_submitted(obj) and obj.latest_revision_id:
            label += " · edited since submitted"
        return label

    @admin.display(description="next review due", ordering="next_review_due")
    def due(self, obj):
        if obj.next_review_due is None:
            return "–"
        if obj.live_revision_id and obj.next_review_due < timezone.localdate():
            return format_html('<strong style="color:#a4161a">{} (overdue)</strong>', obj.next_review_due)
        return obj.next_review_due

    @admin.display(description="review")
    def review(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article first; then submit it for review."
        obj = self.get_queryset_for_state(obj)
        parts = [format_html("<strong>{}</strong>", review_state(obj).label)]
        if obj.last_reviewed:
            parts.append(format_html("Last reviewed {} · next review due {}", obj.last_reviewed, obj.next_review_due))
        if obj.latest_decision == "changes_requested":
            parts.append(format_html("Reviewer asked for changes: “{}”", obj.latest_decision_comment))
        if obj.shared_changes_pending:
            parts.append("A condition it lists was changed since sign-off; submit a new revision.")
        parts.append(
            format_html('<a href="{}">Open in review workspace</a>', reverse("reviews:article", args=[obj.pk]))
        )
        return format_html_join("", "<p>{}</p>", ((p,) for p in parts))

    def get_queryset_for_state(self, obj):
        return with_review_state(Article.objects.filter(pk=obj.pk)).get()

    def get_urls(self):
        submit = self.admin_site.admin_view(self.submit_view)
        return [path("<int:pk>/submit/", submit, name="articles_article_submit"), *super().get_urls()]

    def _submit(self, request, articles, summary):
        done = 0
        for article in articles:
            try:
                services.submit_for_review(article=article, by=request.user, summary=summary)
                done += 1
            except services.ReviewError as error:
                self.message_user(request, f"{article}: {error.message}", messages.WARNING)
        if done:
            self.message_user(request, f"Submitted {done} article(s) for review.", messages.SUCCESS)

    def submit_view(self, request, pk):
        if not request.user.has_perm("reviews.submit_revision"):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._submit(request, [article], form.cleaned_data["summary"])
            return redirect("admin:articles_article_change", article.pk)
        return self._submit_page(request, [article], form)

    def _submit_page(self, request, articles, form):
        context = {
            **self.admin_site.each_context(request),
            "title": "Submit for review",
            "articles": articles,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/submit.html", context)

    @admin.action(description="Submit selected articles for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        form = SubmitForm(request.POST if "summary" in request.POST else None)
        if form.is_valid():
            self._submit(request, list(queryset), form.cleaned_data["summary"])
            return None
        return self._submit_page(request, list(queryset), form)

    def has_submit_permission(self, request):
        return request.user.has_perm("reviews.submit_revision")


class ReviewedConditionAdmin(ConditionAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = {field: (form.initial.get(field, ""), getattr(obj, field)) for field in ("name", "gloss")}
        changed = {field: values for field, values in changed.items() if change and values[0] != values[1]}
        if changed:
            flagged = services.record_condition_change(condition=obj, by=request.user, changes=changed)
            if flagged:
                self.message_user(
                    request,
                    f"{len(flagged)} live article(s) show this condition and are now marked as having changes "
                    "pending review. Readers keep seeing the reviewed wording until a new revision is approved.",
                    messages.WARNING,
                )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Review records are written by the workflow only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "created_at", "created_by", "decision"]
    list_filter = ["created_at", ("signoffs", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "summary", "content_hash"]
    date_hierarchy = "created_at"
    fields = ["article", "number", "summary", "created_by", "last_edited_by", "created_at", "content_hash", "snapshot"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("signoffs")

    @admin.display(description="decision")
    def decision(self, obj):
        return ", ".join(s.get_decision_display() for s in obj.signoffs.all()) or "waiting"

    def view_on_site(self, obj):
        return reverse("reviews:revision", args=[obj.pk])


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    list_display = ["signed_at", "revision", "decision", "reviewer_name", "credentials"]
    list_filter = ["decision", "signed_at"]
    list_select_related = ["revision__article"]
    search_fields = ["revision__article__title", "reviewer_name", "comment"]
    date_hierarchy = "signed_at"


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "created_at", "action", "actor_name", "article", "revision_number"]
    list_filter = ["action", "created_at"]
    list_select_related = ["article", "revision"]
    search_fields = ["article__title", "actor_name", "comment", "hash"]
    date_hierarchy = "created_at"

    @admin.display(description="revision")
    def revision_number(self, obj):
        return obj.revision.number if obj.revision else "–"


@admin.register(ProblemReport)
class ProblemReportAdmin(ReadOnlyAdmin):
    """Readers' reports; reviewers resolve them in the workspace."""

    list_display = ["created_at", "article", "revision_number", "resolved_at", "excerpt"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["article", "revision"]
    search_fields = ["article__title", "message", "resolution_note"]
    date_hierarchy = "created_at"

    @admin.display(description="revision")
    def revision_number(self, obj):
        return obj.revision.number

    @admin.display(description="report")
    def excerpt(self, obj):
        return obj.message[:100]

    def view_on_site(self, obj):
        return reverse("reviews:article", args=[obj.article_id]) + "#reports"


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "credentials", "specialty", "active"]
    list_filter = ["active", "specialty"]
    search_fields = ["display_name", "credentials", "specialty", "user__username", "user__email"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]


admin.site.unregister(User)
admin.site.register(User, RoleSafeUserAdmin)
admin.site.unregister(Article)
admin.site.register(Article, ReviewedArticleAdmin)
admin.site.unregister(Condition)
admin.site.register(Condition, ReviewedConditionAdmin)
