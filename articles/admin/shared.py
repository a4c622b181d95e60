"""The records articles share: categories, conditions and warning signs."""

from django import forms
from django.contrib import admin
from django.db.models import Case, Count, When

from ..models import CareTier, Category, Condition, WarningSign
from ..signs import similar_signs
from ..workflow import editorial_workflow
from .rows import OneParagraph, TypedTextFields


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
class ConditionAdmin(TypedTextFields, admin.ModelAdmin):
    list_display = ["name", "gloss", "icd10", "article"]
    list_filter = [ConditionInUseFilter, ("article", admin.EmptyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["name", "synonyms", "gloss", "icd10", "snomed_ct", "mesh"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["article"]
    change_form_template = "admin/articles/shared_record_form.html"
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


class SignInUseFilter(InUseFilter):
    lookup = "given"


class WarningSignForm(forms.ModelForm):
    """A sign's one wording: a new wording close to another sign's is refused until the
    editor says it is a different sign, so one sign is not worded twice."""

    different = forms.BooleanField(
        label="This is a different sign",
        required=False,
        help_text="Tick only if the similar wordings named above are about something else.",
    )

    class Meta:
        model = WarningSign
        fields = ["text", "tier", "condition"]

    def clean(self):
        cleaned = super().clean() or {}
        text = cleaned.get("text")
        if text and "text" in self.changed_data and not cleaned.get("different"):
            close = similar_signs(text, besides=self.instance.pk)
            if close:
                named = "; ".join(f"“{other}”" for other in close[:3])
                raise forms.ValidationError(
                    f"This reads nearly like another warning sign: {named}. If it is the same sign, give that one "
                    "in your article instead; if it is a different sign, tick “This is a different sign”.",
                    code="close_wording",
                )
        return cleaned


@admin.register(WarningSign)
class WarningSignAdmin(admin.ModelAdmin):
    """The library of warning signs: one wording and one tier each, given by many articles."""

    form = WarningSignForm
    list_display = ["text", "tier", "condition", "article_count"]
    list_filter = ["tier", SignInUseFilter, ("condition", admin.EmptyFieldListFilter)]
    list_select_related = ["condition"]
    search_fields = ["text", "condition__name"]
    autocomplete_fields = ["condition"]
    fields = ["text", "tier", "condition", "different"]
    change_form_template = "admin/articles/shared_record_form.html"

    class Media:
        css = {"all": ["admin_extra/article-editor.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("given"))

    def get_ordering(self, request):
        # Most urgent first (the tiers' stored names sort otherwise), then by wording.
        urgency = Case(*(When(tier=tier, then=rank) for rank, tier in enumerate(CareTier.values)))
        return [urgency.asc(), "text"]

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            return OneParagraph(label="Wording", max_length=db_field.max_length, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        sign = self.get_object(request, object_id)
        if sign is not None:
            extra_context = {**(extra_context or {}), "shared_notice": editorial_workflow().sign_notice(sign)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        before = _shown(WarningSign.objects.select_related("condition").get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            after = _shown(obj)
            changes = {field: (before[field], after[field]) for field in after if before[field] != after[field]}
            if changes:
                editorial_workflow().sign_saved(request, obj, changes)


def _shown(sign: WarningSign) -> dict[str, str]:
    """What articles show of a sign, as the audit line words it."""
    return {"text": sign.text, "tier": sign.tier, "condition": sign.condition.name if sign.condition else ""}
