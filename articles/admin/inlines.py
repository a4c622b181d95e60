"""The article editor's inlines: care advice, sections with their lists and entries, and
references, each kept in order by dragging."""

import nested_admin
from django import forms
from django.db import models

from ..models import LIMITS, CareAdvice, Entry, EntryGroup, Reference, Section
from .rows import (
    BatchedAutocompleteSelect,
    CareAdviceFormSet,
    EditorRowForm,
    EntryFormSet,
    OneParagraph,
    OrderedInlineFormSet,
    ParentInlineForm,
    TypedTextFields,
)


class OrderedInline(TypedTextFields):
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


class AutocompletedRows:
    """Inlines whose rows choose shared records by searching (autocomplete_fields): the
    labels are read once per formset (BatchedAutocompleteSelect, AutocompletedFormSet),
    and each row keeps only the ROW_TOOLS given for its field."""

    ROW_TOOLS: dict[str, set[str]] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:  # type: ignore[attr-defined]  # an inline's
            kwargs["widget"] = BatchedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        tools = self.ROW_TOOLS.get(db_field.name)
        if formfield is not None and tools is not None:
            for tool in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                if tool not in tools and hasattr(formfield.widget, tool):
                    setattr(formfield.widget, tool, False)
        return formfield


class EntryInline(AutocompletedRows, OrderedInline, nested_admin.NestedTabularInline):
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
    BOX_ROWS = {"body": 4}


class CareAdviceInline(AutocompletedRows, OrderedInline, nested_admin.NestedTabularInline):
    """When to get help: warning signs from the shared library, reviewed with the article,
    shown right after its lead in each sign's own tier and wording."""

    model = CareAdvice
    max_num = LIMITS["care statements"]
    formset = CareAdviceFormSet
    fields = ["order", "sign"]
    autocomplete_fields = ["sign"]
    verbose_name = "warning sign"
    verbose_name_plural = (
        "when to get help (right after the lead: warning signs from the shared library; add a new one with +)"
    )
    # Add a sign or change its wording (both say what that does to other articles);
    # removing a sign from the library is not done from one article.
    ROW_TOOLS = {"sign": {"can_add_related", "can_change_related"}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sign")


class ReferenceInline(OrderedInline, nested_admin.NestedTabularInline):
    model = Reference
    max_num = LIMITS["references"]
    # A plain address box: Django's admin URL widget adds a "Currently:" link above it.
    formfield_overrides = {models.URLField: {"assume_scheme": "https", "widget": forms.URLInput}}
    fields = ["order", "title", "publisher", "year", "url", "doi", "pmid", "accessed"]
