"""The content admin: editors write and arrange the working copy here.

What the review workflow adds (state, dates, submitting, previews) comes through the
EditorialWorkflow seam (articles/workflow.py) that settings name; this module knows
nothing of it.
"""

from typing import Any, cast

import nested_admin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from . import editing
from .checks import check_document, known_condition_names
from .document import load_documents
from .models import LIMITS, Article, CareAdvice, Category, Condition, Entry, EntryGroup, Reference, Section
from .widgets import speed_up
from .workflow import editorial_workflow

# An article's page posts all its rows at once; more than this many in one request can
# only be hand-made (the limits above allow far fewer), and is refused before any form
# is built.
MAX_ROWS_PER_POST = 3000


class KnownRowsChoiceField(forms.ModelChoiceField):
    """A choice of row that takes its object from ``known`` (rows fetched once for the
    whole formset) before asking the database, one query per posted row otherwise."""

    known: dict[str, models.Model] = {}

    def to_python(self, value):
        if value not in self.empty_values and str(value) in self.known:
            return self.known[str(value)]
        return super().to_python(value)


class OrderedInlineFormSet(nested_admin.NestedInlineFormSet):
    """Saves reordered rows without tripping the unique (parent, order) constraint.

    Django saves forms one at a time, so swapping two rows' order would collide
    half-way. Rows that move or go are first parked at a negative order of their own.
    Posted order values are ranks: nested_admin renumbers rows 0..n-1 by them on
    save, so duplicates or gaps in a hand-made POST are ranked here instead of
    failing (its template tag cannot sort ties).
    """

    data: Any

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            self.data = self.data.copy()
            keys = [self.add_prefix(i) + "-order" for i in range(self.total_form_count())]

            def position(item):
                index, key = item
                try:
                    return (int(self.data.get(key, "")), index)
                except ValueError:
                    return (float("inf"), index)

            for rank, (_, key) in enumerate(sorted(enumerate(keys), key=position)):
                if key in self.data:
                    self.data[key] = str(rank)

    def get_queryset(self):
        # nested_admin accepts the id of any row of the model, so rows can be dragged
        # between parents; only rows of this article may be, or a hand-made form could
        # move another article's rows into this one.
        queryset = super().get_queryset()
        if not self.data:
            return queryset
        if not hasattr(self, "_article_rows"):  # built once: nested_admin asks for it per row
            try:
                article_id = self.instance.history_owner()
            except ObjectDoesNotExist:
                article_id = None
            self._article_rows = (
                queryset.filter(**{self.model.owner_path: article_id}) if article_id else queryset.none()
            )
        return self._article_rows

    @cached_property
    def management_form(self):
        return speed_up(super().management_form)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        speed_up(form)  # the id, parent and delete fields are added after the form is built
        pk_field = form.fields.get(self._pk_field.name)
        if self.is_bound and type(pk_field) is forms.ModelChoiceField:
            # Only this article's rows are known (get_queryset); any other id goes to the
            # database as before and clean() refuses it.
            pk_field.__class__ = KnownRowsChoiceField
            cast(KnownRowsChoiceField, pk_field).known = self._known_rows()

    def _known_rows(self):
        if not hasattr(self, "_rows_by_pk"):
            self._rows_by_pk = {str(row.pk): row for row in self.get_queryset()}
        return self._rows_by_pk

    def clean(self):
        super().clean()
        # nested_admin would fetch a posted id wherever it lives and save this form's data
        # into it; a row that is not this article's is refused instead.
        allowed = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
        for form in self.initial_forms:
            posted = form[self._pk_field.name].data
            if posted not in (None, "") and str(posted) not in allowed:
                raise forms.ValidationError(
                    "A row in this form is not part of this article any more (someone may have removed it "
                    "since you opened the page). Nothing was saved: copy what you need, then reload the page.",
                    code="foreign_row",
                )

    def save_existing_objects(self, initial_forms=None, commit=True):
        # nested_admin fetches every posted row twice to save it, changed or not. A row
        # posted back unchanged, under the parent it already had, needs no write: it is
        # left out (one query per list finds rows dragged in from another parent).
        if initial_forms:
            initial_forms = [form for form in initial_forms if self._needs_saving(form)]
        return super().save_existing_objects(initial_forms, commit)

    def _needs_saving(self, form):
        if form.has_changed() or self._should_delete_form(form) or not form.instance.pk:
            return True
        if not hasattr(self, "_stored_parents"):
            ids = [f.instance.pk for f in self.initial_forms if f.instance.pk]
            rows = self.model._default_manager.filter(pk__in=ids).values_list("pk", self.fk.attname)
            self._stored_parents = dict(rows)
        return self._stored_parents.get(form.instance.pk) != self.instance.pk

    def process_forms_pre_save(self, forms):
        forms = super().process_forms_pre_save(forms)  # renumbers the order fields 0..n-1
        parked = [
            form.instance.pk
            for form in forms
            if form._is_initial
            and form.instance.pk
            and (self._should_delete_form(form) or form.initial.get("order") != form.instance.order)
        ]
        if parked:
            self.model._default_manager.filter(pk__in=parked).update(order=-F("pk"))
        return forms


class OneParagraph(forms.CharField):
    """A single paragraph typed in a box that shows all of it: line breaks and runs of
    spaces become one space, as the page will show them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2, "class": "one-paragraph"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return " ".join(str(super().to_python(value)).split())


class EditorRowForm(forms.ModelForm):
    """A row of the article's page. A row posted back unchanged is not saved, so it is
    not checked against the model either: that check costs queries per row (each CHECK
    constraint is evaluated in the database), and the page posts every row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speed_up(self)

    def _post_clean(self):
        if self.instance.pk and not self.has_changed():
            return
        super()._post_clean()  # type: ignore[misc]  # ModelForm defines it; the stubs do not


class ParentInlineForm(EditorRowForm):
    """A section or group counts as filled in when anything nested in it is, so a
    heading-less group of questions is saved with its entries, not skipped as empty."""

    def has_changed(self):
        return super().has_changed() or any(fs.has_changed() for fs in getattr(self, "nested_formsets", []))


class OrderedInline:
    """Rows kept in order by dragging: the order field is hidden (the page numbers rows
    1, 2, 3… as they stand) and nested_admin rewrites it after each drag."""

    formset = OrderedInlineFormSet
    form = EditorRowForm
    sortable_field_name = "order"
    extra = 0
    max_num = 100
    template = "admin/articles/inlines/plain_rows.html"

    def get_formset(self, request, obj=None, **kwargs):
        # More rows than max_num is a form error, and a hand-made TOTAL_FORMS beyond it
        # builds no more forms than that (Django would otherwise build 1,000 more).
        kwargs.setdefault("validate_max", True)
        kwargs.setdefault("absolute_max", self.max_num)
        kwargs.setdefault("widgets", {"order": forms.HiddenInput})
        return super().get_formset(request, obj, **kwargs)  # type: ignore[misc]  # a mixin for inlines


class BatchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that renders its selected label from ``known_labels`` (filled
    once per formset) instead of running a query per row; unknown values fall back."""

    known_labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if selected and (self.known_labels is None or any(v not in self.known_labels for v in selected)):
            return super().optgroups(name, value, attr)
        # Nothing chosen (most rows leave two of condition, article and text empty), or
        # every label known: no query.
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        labels = self.known_labels or {}
        for v in selected:
            options.append(self.create_option(name, v, labels[v], True, len(options)))
        return [(None, options, 0)]


class EntryFormSet(OrderedInlineFormSet):
    AUTOCOMPLETED = ("condition", "related_article")

    @cached_property
    def forms(self):
        rows = super().forms
        for field in self.AUTOCOMPLETED:
            values = {str(f[field].value()) for f in rows if f[field].value() not in (None, "")}
            if not values or not rows:
                continue
            # One query per formset for the labels shown and the objects a save needs.
            queryset = rows[0].fields[field].queryset
            objects = {str(obj.pk): obj for obj in queryset.filter(pk__in=values)}
            labels = {pk: str(obj) for pk, obj in objects.items()}
            for form in rows:
                widget = getattr(form.fields[field].widget, "widget", form.fields[field].widget)
                if isinstance(widget, BatchedAutocompleteSelect):
                    widget.known_labels = labels
                if type(form.fields[field]) is forms.ModelChoiceField:
                    form.fields[field].__class__ = KnownRowsChoiceField
                    form.fields[field].known = objects
        return rows


class EntryInline(OrderedInline, nested_admin.NestedTabularInline):
    model = Entry
    max_num = LIMITS["entries per list"]
    formset = EntryFormSet
    fields = ["order", "condition", "related_article", "text", "note", "likelihood"]
    autocomplete_fields = ["condition", "related_article"]

    def get_queryset(self, request):
        # Each row's heading is str(entry), which reads its condition or article.
        return super().get_queryset(request).select_related("condition", "related_article")

    template = "admin/articles/inlines/entries.html"
    # Per row, the condition keeps two tools (edit it in a pop-up, add a new one); the
    # related article none: it is edited on its own page.
    ROW_TOOLS = {"condition": {"can_add_related", "can_change_related"}, "related_article": set()}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = BatchedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        tools = self.ROW_TOOLS.get(db_field.name)
        if formfield is not None and tools is not None:
            for tool in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                if tool not in tools and hasattr(formfield.widget, tool):
                    setattr(formfield.widget, tool, False)
        return formfield


class EntryGroupInline(OrderedInline, nested_admin.NestedStackedInline):
    model = EntryGroup
    max_num = LIMITS["lists per section"]
    form = ParentInlineForm
    fields = ["order", ("heading", "urgency"), "lead_in"]
    inlines = [EntryInline]
    template = "admin/articles/inlines/lists.html"
    verbose_name = "list"
    verbose_name_plural = "lists"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "lead_in":
            return OneParagraph(
                label="Lead-in", required=False, max_length=db_field.max_length, help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SectionInline(OrderedInline, nested_admin.NestedStackedInline):
    model = Section
    max_num = LIMITS["sections"]
    form = ParentInlineForm
    fields = ["order", "heading", "body"]
    inlines = [EntryGroupInline]
    template = "admin/articles/inlines/sections.html"


class CareAdviceInline(OrderedInline, nested_admin.NestedTabularInline):
    """When to get help: reviewed with the article, shown right after its lead."""

    model = CareAdvice
    max_num = LIMITS["care statements"]
    fields = ["order", "tier", "text"]
    verbose_name = "when to get help statement"
    verbose_name_plural = "when to get help (right after the lead: signs a reader can recognize, no disease names)"


class ReferenceInline(OrderedInline, nested_admin.NestedTabularInline):
    model = Reference
    max_num = LIMITS["references"]
    # A plain address box: Django's admin URL widget adds a "Currently:" link above it.
    formfield_overrides = {models.URLField: {"assume_scheme": "https", "widget": forms.URLInput}}
    fields = ["order", "title", "publisher", "url", "doi", "pmid", "accessed"]


class EditorInlineAdminFormSet(nested_admin.nested.NestedInlineAdminFormset):
    """nested_admin walks each formset three times per page (for its media, then twice to
    sort it), and Django builds every row's admin wrapper, and a new blank template row
    with all its nested formsets, on each walk. Built once here."""

    def __iter__(self):
        if not hasattr(self, "_built"):
            self._built = list(super().__iter__())
        return iter(self._built)


class InUseFilter(admin.SimpleListFilter):
    """Whether any article uses the record (categories, conditions)."""

    title = "in use"
    parameter_name = "in_use"
    lookup = ""

    def lookups(self, request, model_admin):
        return [("yes", "Used by an article"), ("no", "Not used")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(**{f"{self.lookup}__isnull": self.value() == "no"}).distinct()
        return queryset


class CategoryInUseFilter(InUseFilter):
    lookup = "articles"


class ConditionInUseFilter(InUseFilter):
    lookup = "entries"


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    list_filter = [CategoryInUseFilter]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "gloss", "icd10", "article"]
    list_filter = [ConditionInUseFilter, ("article", admin.EmptyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["name", "synonyms", "gloss", "icd10", "snomed_ct", "mesh"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["article"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "gloss", "synonyms", "lay_terms", "article"]}),
        ("Codes", {"fields": ["icd10", "snomed_ct", "mesh"], "classes": ["collapse"]}),
    ]
    SHOWN_FIELDS = ("name", "gloss", "synonyms", "lay_terms")  # what articles show (or are found by) of a condition

    class Media:
        css = {"all": ["admin_extra/article-editor.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "gloss":
            return OneParagraph(
                label="Gloss", required=False, max_length=db_field.max_length, help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        condition = self.get_object(request, object_id)
        if condition is not None:
            notice = editorial_workflow().condition_notice(condition)
            extra_context = {**(extra_context or {}), "shared_notice": notice}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            changes = {f: (form.initial.get(f, ""), getattr(obj, f)) for f in self.SHOWN_FIELDS}
            changes = {f: values for f, values in changes.items() if values[0] != values[1]}
            if changes:
                editorial_workflow().condition_saved(request, obj, changes)


class ArticleForm(forms.ModelForm):
    """The article's own fields, plus its categories and related articles as form fields
    saved through their recorded link models (ArticleCategory, RelatedArticle)."""

    LINKS = {"filed_under": "categories", "related_articles": "related"}

    filed_under = forms.ModelMultipleChoiceField(Category.objects.all(), required=False, label="Categories")
    related_articles = forms.ModelMultipleChoiceField(Article.objects.all(), required=False, label="Related articles")
    # The article's history when the page was built: a save from an older page is
    # refused, so nobody overwrites what someone else saved in between (articles/editing.py).
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Ticked after such a refusal: save this version over theirs. Its value is the token
    # the refusal showed, so a third save in between is caught again.
    replace_theirs = forms.CharField(required=False)

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

    def save_links(self):
        for name, relation in self.LINKS.items():
            getattr(self.instance, relation).set(self.cleaned_data[name])


@admin.register(Article)
class ArticleAdmin(nested_admin.NestedModelAdmin):
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

    class Media:
        css = {"all": ["admin_extra/article-editor.css", "admin_extra/author-checks.css"]}
        js = ["admin_extra/article-editor.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "lead" and formfield is not None:
            formfield.widget.attrs["rows"] = 4
        return formfield

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
            if request.method == "GET":
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
                    load_documents([article.pk])[article.pk], condition_names=known_condition_names()
                ),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
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
        obj.last_edited_by = request.user
        obj.last_edited_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_links()

    def view_on_site(self, obj):
        return editorial_workflow().preview_url(obj)
