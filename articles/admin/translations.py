"""Translations in the admin: one page per article and language, each piece of the English
beside its translation (articles/translation.py). What fills the segments from the signed
English, and what submits a translation for review, comes through the EditorialWorkflow
seam (articles/workflow.py)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import xliff
from ..models import TranslatedSegment, Translation
from ..workflow import editorial_workflow


class XliffForm(forms.Form):
    file = forms.FileField(
        label="XLIFF 2.0 file",
        help_text="A file exported from this page and translated: it must translate the English this translation "
        "translates now.",
    )


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

    def get_queryset(self, request):
        # Each form reads its segment's translation (the textarea's language): one join, not a query a row.
        return super().get_queryset(request).select_related("translation")

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
        untranslated = Count("segments", filter=Q(segments__required=True, segments__text=""))
        return super().get_queryset(request).select_related("article").annotate(untranslated=untranslated)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "language"]
        return ["source_number", "source_hash", "last_edited_by", "last_edited_at"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="to translate", ordering="untranslated")
    def to_translate(self, translation):
        return translation.untranslated

    def get_urls(self):
        own = [
            path("<int:pk>/xliff/", self.admin_site.admin_view(self.export_xliff), name="articles_translation_xliff"),
            path(
                "<int:pk>/xliff/import/",
                self.admin_site.admin_view(self.import_xliff),
                name="articles_translation_xliff_import",
            ),
        ]
        return own + editorial_workflow().translation_urls(self) + super().get_urls()

    def export_xliff(self, request, pk):
        translation = get_object_or_404(Translation.objects.select_related("article"), pk=pk)
        if not self.has_view_permission(request, translation):
            raise PermissionDenied
        response = HttpResponse(xliff.export(translation), content_type="application/xliff+xml; charset=utf-8")
        name = f"{translation.article.slug}.{translation.language}.xlf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_xliff(self, request, pk):
        translation = get_object_or_404(Translation.objects.select_related("article"), pk=pk)
        if not self.has_change_permission(request, translation):
            raise PermissionDenied
        form = XliffForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                changed = xliff.import_into(translation, form.cleaned_data["file"].read(), by=request.user)
            except xliff.XliffError as error:
                form.add_error("file", str(error))
            else:
                self.message_user(request, f"Imported: {changed} text(s) changed.", messages.SUCCESS)
                return redirect("admin:articles_translation_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import a translation of “{translation.article}”",
            "translation": translation,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "admin/articles/translation/import.html", context, status=400 if form.errors else 200
        )

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
                "workflow_tools": [
                    ("Export XLIFF", reverse("admin:articles_translation_xliff", args=[translation.pk])),
                    ("Import XLIFF…", reverse("admin:articles_translation_xliff_import", args=[translation.pk])),
                    *workflow.translation_tools(request, translation),
                ],
            }
        return super().change_view(request, object_id, form_url, extra_context)
