"""The content admin: editors write and arrange the working copy here.

What the review workflow adds (state, dates, submitting, previews) comes through the
EditorialWorkflow seam (articles/workflow.py) that settings name; this module knows
nothing of it.
"""

from typing import Any, cast

import nested_admin
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Count, F
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property

from .models import LIMITS, Article, CareAdvice, Category, Condition, Entry, EntryGroup, Reference, Section
from .workflow import editorial_workflow

# An article's page posts all its rows at once; more than this many in one request can
# only be hand-made (the limits above allow far fewer), and is refused before any form
# is built.
MAX_ROWS_PER_POST = 3000


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
        try:
            article_id = self.instance.history_owner()
        except ObjectDoesNotExist:
            article_id = None
        return queryset.filter(**{self.model.owner_path: article_id}) if article_id else queryset.none()

    def clean(self):
        super().clean()
        # nested_admin would fetch a posted id wherever it lives and save this form's data
        # into it; a row that is not this article's is refused instead.
        allowed = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
        for form in self.initial_forms:
            posted = form[self._pk_field.name].data
            if posted not in (None, "") and str(posted) not in allowed:
                raise forms.ValidationError(
                    "A row in this form belongs to another article. Reload the page and try again.",
                    code="foreign_row",
                )

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


class ParentInlineForm(forms.ModelForm):
    """A section or group counts as filled in when anything nested in it is, so a
    heading-less group of questions is saved with its entries, not skipped as empty."""

    def has_changed(self):
        return super().has_changed() or any(fs.has_changed() for fs in getattr(self, "nested_formsets", []))


class OrderedInline:
    formset = OrderedInlineFormSet
    sortable_field_name = "order"
    extra = 0
    max_num = 100

    def get_formset(self, request, obj=None, **kwargs):
        # More rows than max_num is a form error, and a hand-made TOTAL_FORMS beyond it
        # builds no more forms than that (Django would otherwise build 1,000 more).
        kwargs.setdefault("validate_max", True)
        kwargs.setdefault("absolute_max", self.max_num)
        return super().get_formset(request, obj, **kwargs)  # type: ignore[misc]  # a mixin for inlines


class BatchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that renders its selected label from ``known_labels`` (filled
    once per formset) instead of running a query per row; unknown values fall back."""

    known_labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known_labels is None or any(v not in self.known_labels for v in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for v in selected:
            options.append(self.create_option(name, v, self.known_labels[v], True, len(options)))
        return [(None, options, 0)]


class EntryFormSet(OrderedInlineFormSet):
    AUTOCOMPLETED = ("condition", "related_article")

    @cached_property
    def forms(self):
        forms = super().forms
        for field in self.AUTOCOMPLETED:
            values = {str(f[field].value()) for f in forms if f[field].value() not in (None, "")}
            if not values or not forms:
                continue
            model = forms[0].fields[field].queryset.model
            labels = {str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=values)}
            for form in forms:
                widget = getattr(form.fields[field].widget, "widget", form.fields[field].widget)
                if isinstance(widget, BatchedAutocompleteSelect):
                    widget.known_labels = labels
        return forms


class EntryInline(OrderedInline, nested_admin.NestedTabularInline):
    model = Entry
    max_num = LIMITS["entries per list"]
    formset = EntryFormSet
    fields = ["order", "condition", "related_article", "text", "note", "likelihood"]
    autocomplete_fields = ["condition", "related_article"]

    def get_queryset(self, request):
        # Each row's heading is str(entry), which reads its condition or article.
        return super().get_queryset(request).select_related("condition", "related_article")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = BatchedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EntryGroupInline(OrderedInline, nested_admin.NestedStackedInline):
    model = EntryGroup
    max_num = LIMITS["lists per section"]
    form = ParentInlineForm
    fields = ["order", ("heading", "urgency"), "lead_in"]
    inlines = [EntryInline]


class SectionInline(OrderedInline, nested_admin.NestedStackedInline):
    model = Section
    max_num = LIMITS["sections"]
    form = ParentInlineForm
    fields = ["order", "heading", "body"]
    inlines = [EntryGroupInline]


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
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["order", "title", "publisher", "url", "doi", "pmid", "accessed"]


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

    def save_links(self):
        for name, relation in self.LINKS.items():
            getattr(self.instance, relation).set(self.cleaned_data[name])


@admin.register(Article)
class ArticleAdmin(nested_admin.NestedModelAdmin):
    form = ArticleForm
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
        css = {"all": ["admin_extra/symptomsite-admin.css"]}

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None:
            workflow = editorial_workflow()
            extra_context = {
                **(extra_context or {}),
                "workflow_panel": workflow.article_panel(request, article),
                "workflow_tools": workflow.article_tools(request, article),
            }
        return super().change_view(request, object_id, form_url, extra_context)

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
