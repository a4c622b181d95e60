"""Review records in the admin: read-only revisions, sign-offs, events, reports and
publications, and reviewer profiles. The article admin's review features come through
the EditorialWorkflow seam (reviews/workspace/editorial.py); accounts are in reviews/accounts/."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse

from .accounts.rights import outranks
from .provenance.models import ReviewerProfile, ReviewEvent, Revision, SignOff
from .readmodel.models import Publication
from .workflow.models import ProblemReport

User = get_user_model()


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


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """What readers get, per article; changed only by sign-offs and withdrawals."""

    list_display = ["title", "revision_number", "last_reviewed", "next_review_due", "withdrawn_at"]
    list_filter = [("withdrawn_at", admin.EmptyFieldListFilter), "last_reviewed", "next_review_due"]
    list_select_related = ["revision"]
    search_fields = ["title", "slug", "question", "reviewer_name"]
    date_hierarchy = "last_reviewed"
    exclude = ["history"]

    @admin.display(description="live revision")
    def revision_number(self, obj):
        return obj.revision.number


class SuperuserOnlyChanges:
    """Only superusers add, change or delete these; others with the view permission see them."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(SuperuserOnlyChanges, admin.ModelAdmin):
    """Only superusers make reviewers (invariant 8); every change is in the audit log."""

    list_display = ["display_name", "credentials", "registration", "specialty", "languages", "active"]
    list_filter = ["active", "specialty"]
    search_fields = ["display_name", "credentials", "registration", "specialty", "user__username", "user__email"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]


class RoleSafeUserAdmin(UserAdmin):
    """Site admins manage accounts below their own rights: they cannot change the
    password, groups, flags, email or anything else of an account with equal or more
    rights (reviewers, other site admins, superusers, themselves), and only superusers
    grant roles, staff or superuser status or single permissions."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or outranks(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or outranks(request.user, obj))


class RoleSafeGroupAdmin(SuperuserOnlyChanges, GroupAdmin):
    """What a role may do is changed by superusers only."""


admin.site.unregister(User)
admin.site.register(User, RoleSafeUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleSafeGroupAdmin)
