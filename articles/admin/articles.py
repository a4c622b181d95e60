"""The article editor: one page holds an article with its care advice, sections, lists,
entries and references. What the review workflow adds (state, dates, submitting,
previews) comes through the EditorialWorkflow seam (articles/workflow.py) that settings
name; this module knows nothing of it."""

from typing import cast

import nested_admin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from .. import editing
from ..checks import check_document, known_condition_names
from ..document import load_documents
from ..models import Article, Category
from ..signs import known_warning_signs
from ..workflow import editorial_workflow
from . import merge
from .inlines import CareAdviceInline, ReferenceInline, SectionInline
from .rows import EditorInlineAdminFormSet, TypedTextFields

# An article's page posts all its rows at once; more than this many in one request can
# only be hand-made (the limits above allow far fewer), and is refused before any form
# is built.
MAX_ROWS_PER_POST = 3000


class ArticleForm(forms.ModelForm):
    """The article's own fields, plus its categories and related articles as form fields
    saved through their recorded link models (ArticleCategory, RelatedArticle)."""

    LINKS = {"filed_under": "categories", "related_articles": "related"}
    MARKERS = ("edit_token", "replace_theirs", "opened")

    filed_under = forms.ModelMultipleChoiceField(Category.objects.all(), required=False, label="Categories")
    related_articles = forms.ModelMultipleChoiceField(Article.objects.all(), required=False, label="Related articles")
    # The article's history when the page was built: a save from an older page is
    # refused, so nobody overwrites what someone else saved in between (articles/editing.py).
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Ticked after such a refusal: save this version over theirs. Its value is the token
    # the refusal showed, so a third save in between is caught again.
    replace_theirs = forms.CharField(required=False)
    # What the page showed when it was opened (merge.py): "save my version anyway" then
    # writes only what this editor changed.
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    meanwhile: list[editing.SavedMeanwhile] | None = None

    class Meta:
        model = Article
        fields = ["title", "slug", "question", "lead", "lay_terms", "overview", "copyright_holder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, relation in self.LINKS.items():
                self.fields[name].initial = list(getattr(self.instance, relation).values_list("pk", flat=True))
            related = cast(forms.ModelMultipleChoiceField, self.fields["related_articles"])
            related.queryset = Article.objects.exclude(pk=self.instance.pk)
            self.fields["edit_token"].initial = editing.edit_token(self.instance.pk)
            if self.is_bound and (shown := merge.merging(self.data, self.instance.pk)):
                self.data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
                merge.keep_theirs(self, self.data, shown, label="")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            meanwhile = editing.saved_since(self.instance, self.data.get("edit_token", ""))
            if meanwhile is None:
                raise ValidationError(
                    "This form did not come from the article's edit page (its history marker is missing). "
                    "Nothing was saved: reload the page.",
                    code="no_edit_token",
                )
            current = editing.edit_token(self.instance.pk)
            if meanwhile and self.data.get("replace_theirs") != current:
                self.meanwhile, self.current_token = meanwhile, current
                names = " and ".join(sorted({person.who for person in meanwhile}))
                raise ValidationError(
                    f"{names} saved this article after you opened it. Nothing was saved, so their work is "
                    "not overwritten. Your changes are still in the form below: compare them with what they "
                    "changed (listed above), then reload the page and apply yours again, or tick "
                    "“Save my version anyway” to replace theirs.",
                    code="saved_meanwhile",
                )
        return cleaned

    @cached_property
    def changed_data(self):
        """What the editor changed: the page's markers (history, opened) are not content."""
        return [name for name in super().changed_data if name not in self.MARKERS]

    def save_links(self):
        for name, relation in self.LINKS.items():
            getattr(self.instance, relation).set(self.cleaned_data[name])


@admin.register(Article)
class ArticleAdmin(TypedTextFields, nested_admin.NestedModelAdmin):
    form = ArticleForm
    inline_admin_formset_helper_cls = EditorInlineAdminFormSet
    list_filter = ["categories", "updated_at"]
    search_fields = ["title", "slug", "question", "lead"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["overview"]
    date_hierarchy = "updated_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "question", "lead", "lay_terms", "filed_under"]}),
        ("Links", {"fields": ["overview", "related_articles"]}),
        ("Publishing", {"fields": ["copyright_holder"]}),
    ]
    inlines = [CareAdviceInline, SectionInline, ReferenceInline]
    BOX_ROWS = {"lead": 4, "lay_terms": 4}  # lines shown; the boxes grow as one types

    class Media:
        css = {"all": ["admin_extra/article-editor.css", "admin_extra/author-checks.css"]}
        js = ["admin_extra/article-editor.js"]

    def get_queryset(self, request):
        return editorial_workflow().annotate_articles(super().get_queryset(request))

    def get_list_display(self, request):
        return ["title", *editorial_workflow().article_columns(), "updated_at"]

    def get_list_filter(self, request):
        return [*editorial_workflow().article_filters(), *self.list_filter]

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action in editorial_workflow().article_actions(request):
            name = action.__name__
            actions[name] = (action, name, action.short_description)
        return actions

    def get_urls(self):
        return [*editorial_workflow().article_urls(self), *super().get_urls()]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            try:
                rows = sum(int(v) for k, v in request.POST.items() if k.endswith("-TOTAL_FORMS"))
            except ValueError:
                rows = MAX_ROWS_PER_POST + 1
            if rows > MAX_ROWS_PER_POST:
                return TemplateResponse(
                    request,
                    "400.html",
                    {
                        "message": f"The form said it holds {rows} rows; an article can hold at most "
                        f"{MAX_ROWS_PER_POST}. Nothing was saved."
                    },
                    status=400,
                )
            token = merge.collecting()
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            finally:
                merge.stop_collecting(token)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        # A save holds the article's row until it commits, so two saves of one article
        # run one after the other and the second sees the first in the history check.
        if request.method == "POST" and transaction.get_connection().in_atomic_block:  # the admin's save
            queryset = self.get_queryset(request).select_for_update(of=("self",))
            field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
            try:
                return queryset.get(**{field.name: field.to_python(object_id)})
            except (self.model.DoesNotExist, ValidationError, ValueError):
                return None
        return super().get_object(request, object_id, from_field)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            workflow = editorial_workflow()
            if request.method == "GET" and self.has_change_permission(request, article):
                # Only someone who can save is announced to the others: a reviewer reading
                # the page (view permission) is not editing it.
                editing.note_opened(article, request.user)
            extra_context = {
                **(extra_context or {}),
                "workflow_panel": workflow.article_panel(request, article),
                "workflow_tools": workflow.article_tools(request, article),
                "public_status": workflow.public_status(article),
                "submit_url": workflow.submit_url(request, article),
                "others_editing": editing.others_editing(article, request.user),
                "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
                # Advice on the saved working copy, beside the form (articles/checks.py).
                "checks": check_document(
                    load_documents([article.pk])[article.pk],
                    condition_names=known_condition_names(),
                    shared_signs=known_warning_signs(besides=article.pk),
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if not form.is_bound and form.instance.pk:
            form.initial["opened"] = merge.opened(form, [inline.formset for inline in context["inline_admin_formsets"]])
        if form.meanwhile:
            context.update(meanwhile=form.meanwhile, current_token=form.current_token)
        return super().render_change_form(request, context, *args, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or editorial_workflow().may_delete(obj))

    def delete_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None and not editorial_workflow().may_delete(article):
            raise PermissionDenied(
                "This article has a review record (revisions and sign-offs), which the site keeps, so it cannot be "
                "deleted. A site admin can withdraw it from the review workspace instead."
            )
        return super().delete_view(request, object_id, extra_context)

    def response_change(self, request, obj):
        if "_submit" in request.POST or "_continue" in request.POST or "_save" in request.POST:
            fresh = self.get_queryset(request).get(pk=obj.pk)
            self.message_user(request, editorial_workflow().saved_message(fresh), messages.SUCCESS)
            if kept := merge.kept_now():
                self.message_user(
                    request,
                    "Your version was saved over theirs, field by field: what you had not changed keeps what "
                    f"they saved ({'; '.join(kept)}).",
                    messages.INFO,
                )
            submit_url = editorial_workflow().submit_url(request, fresh)
            if "_submit" in request.POST and submit_url:
                return HttpResponseRedirect(submit_url)
            if "_continue" in request.POST:
                return HttpResponseRedirect(request.path)
            editing.note_closed(obj, request.user)
            return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        return super().response_change(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        for name, relation in ArticleForm.LINKS.items():
            model_field = Article._meta.get_field(relation)
            form.base_fields[name].widget = AutocompleteSelectMultiple(model_field, self.admin_site)
        return form

    def save_model(self, request, obj, form, change):
        """Save the article's own fields, stamped with its editor; when none changed, the
        stamp waits for save_related to see whether any row or link did. A save that
        changes nothing records nothing: a record would make its author a contributor,
        whom four eyes counts."""
        if change and not form.has_changed():
            obj._history_mark = editing.edit_token(obj.pk)
            return
        obj.last_edited_by = request.user
        obj.last_edited_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_links()
        mark = getattr(form.instance, "_history_mark", None)
        if mark is not None and editing.edit_token(form.instance.pk) != mark:
            form.instance.last_edited_by = request.user
            form.instance.last_edited_at = timezone.now()
            form.instance.save(update_fields=["last_edited_by", "last_edited_at"])

    def view_on_site(self, obj):
        return editorial_workflow().preview_url(obj)
