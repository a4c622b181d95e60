"""Translations in the admin: one page per article and language, each piece of the English
beside its translation (articles/translation.py). What fills the segments from the signed
English, and what submits a translation for review, comes through the EditorialWorkflow
seam (articles/workflow.py)."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from ..models import TranslatedSegment, Translation
from ..workflow import editorial_workflow


class SegmentForm(forms.ModelForm):
    class Meta:
        model = TranslatedSegment
        fields = ["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        segment = self.instance
        language = segment.translation.language if segment.translation_id else ""
        rows = min(12, max(2, len(segment.source) // 70 + 1 + segment.source.count("\n")))
        self.fields["text"].widget = forms.Textarea(attrs={"rows": rows, "cols": 60, "lang": language})
        self.fields["text"].label = "Translation"
        self.fields["text"].required = False

    def clean_text(self):
        return self.cleaned_data["text"].strip()


class SegmentInline(admin.TabularInline):
    """English | translation, one row per piece of text, in reading order."""

    model = TranslatedSegment
    form = SegmentForm
    fields = ["where", "english", "text"]
    readonly_fields = ["where", "english"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # segments come from the English (the workflow's "bring up to date")

    @admin.display(description="Where")
    def where(self, segment):
        need = "" if segment.required else " (optional: leave empty to keep the English)"
        return f"{segment.label}{need}"

    @admin.display(description="English")
    def english(self, segment):
        return format_html('<div lang="en" class="segment-source">{}</div>', segment.source)


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ["article", "language", "source_number", "to_translate", "last_edited_at"]
    list_filter = ["language"]
    search_fields = ["article__title", "article__slug"]
    autocomplete_fields = ["article"]
    inlines = [SegmentInline]
    readonly_fields = ["source_number", "source_hash", "last_edited_by", "last_edited_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "language"]
        return ["source_number", "source_hash", "last_edited_by", "last_edited_at"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="to translate")
    def to_translate(self, translation):
        return translation.segments.filter(required=True, text="").count()

    def get_urls(self):
        return editorial_workflow().translation_urls(self) + super().get_urls()

    def save_model(self, request, obj, form, change):
        obj.last_edited_by, obj.last_edited_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        if not change:
            editorial_workflow().translation_created(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        translation = self.get_object(request, object_id)
        if translation is not None:
            workflow = editorial_workflow()
            extra_context = {
                **(extra_context or {}),
                "workflow_panel": workflow.translation_panel(request, translation),
                "workflow_tools": workflow.translation_tools(request, translation),
            }
        return super().change_view(request, object_id, form_url, extra_context)
