"""The review workflow on the translation admin's pages (articles/admin/translations.py):
bring a translation up to date with the English readers get, submit it for review, and
say where it stands."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from articles.checks import check_document
from articles.models import Translation
from articles.translation import translated
from reviews.provenance.translations import TranslationRevision
from reviews.readmodel.models import Publication, TranslationPublication
from reviews.workflow import translations
from reviews.workflow.services import ReviewError

from .forms import SubmitForm


def _checks(translation):
    """The author checks of the translation as it stands (its untranslated texts in English),
    or None when the article is not live in English."""
    try:
        source = translations.live_source(translation.article)
    except ReviewError:
        return None
    document = translated(
        source.snapshot, translation.texts(), language=translation.language, source_hash=source.content_hash
    )
    return check_document(document)


def _sync(request, translation):
    try:
        left = translations.sync_translation(translation=translation, by=request.user)
    except ReviewError as error:
        messages.warning(request, error.message)
        return
    number = translation.source_number
    if left:
        messages.info(request, f"Brought up to date with English revision {number}: {left} text(s) need a translation.")
    else:
        messages.success(request, f"Brought up to date with English revision {number}: every text is translated.")


class TranslationEditorial:
    """The translation hooks of the EditorialWorkflow (see editorial.ReviewWorkflow)."""

    def translation_created(self, request, translation):
        _sync(request, translation)

    def translation_urls(self, model_admin):
        site = model_admin.admin_site

        def sync_view(request, pk):
            translation = get_object_or_404(Translation.objects.select_related("article"), pk=pk)
            if not model_admin.has_change_permission(request, translation):
                raise PermissionDenied
            if request.method == "POST":
                _sync(request, translation)
                return redirect("admin:articles_translation_change", pk)
            context = {
                **site.each_context(request),
                "title": f"Bring the translation of “{translation.article}” up to date",
                "translation": translation,
                "opts": model_admin.model._meta,
            }
            return TemplateResponse(request, "admin/articles/translation/sync.html", context)

        def submit_view(request, pk):
            if not request.user.has_perm("reviews.submit_revision"):
                raise PermissionDenied
            translation = get_object_or_404(Translation.objects.select_related("article"), pk=pk)
            form = SubmitForm(request.POST or None)
            if request.method == "POST" and form.is_valid():
                try:
                    revision = translations.submit_translation(
                        translation=translation, by=request.user, summary=form.cleaned_data["summary"]
                    )
                except ReviewError as error:
                    messages.warning(request, error.message)
                else:
                    messages.success(request, f"Submitted translation revision {revision.number} for review.")
                return redirect("admin:articles_translation_change", pk)
            missing = translation.segments.filter(required=True, text="").values_list("label", flat=True)
            context = {
                "checks": _checks(translation),
                **site.each_context(request),
                "title": f"Submit the translation of “{translation.article}” for review",
                "translation": translation,
                "missing": list(missing),
                "form": form,
                "opts": model_admin.model._meta,
            }
            return TemplateResponse(request, "admin/articles/translation/submit.html", context)

        return [
            path("<int:pk>/sync/", site.admin_view(sync_view), name="articles_translation_sync"),
            path("<int:pk>/submit/", site.admin_view(submit_view), name="articles_translation_submit"),
        ]

    def translation_tools(self, request, translation):
        tools = [
            ("Bring up to date with the English…", reverse("admin:articles_translation_sync", args=[translation.pk]))
        ]
        if request.user.has_perm("reviews.submit_revision"):
            tools.append(("Submit for review…", reverse("admin:articles_translation_submit", args=[translation.pk])))
        return tools

    def translation_panel(self, request, translation):
        live = Publication.objects.public().filter(article_id=translation.article_id).first()
        parts = []
        if live is None:
            parts.append("The article is not live in English, so there is nothing to translate from.")
        elif translation.source_hash != live.content_hash:
            parts.append(
                format_html(
                    "<strong>The English page has changed</strong> since this translation was brought up to date "
                    "(it was made from revision {}; readers of the English get revision {}).",
                    translation.source_number or "none",
                    live.revision.number,
                )
            )
        else:
            parts.append(format_html("Made from English revision {}, the one readers get.", translation.source_number))
        parts += _review_state(translation)
        return format_html_join("", "<p>{}</p>", ((p,) for p in parts))


def _review_state(translation):
    """Sentences on the translation's latest revision and on what readers get of it."""
    parts = []
    latest = (
        TranslationRevision.objects.filter(article_id=translation.article_id, language=translation.language)
        .defer("snapshot")
        .order_by("-number")
        .first()
    )
    if latest is not None:
        decision = latest.signoffs.first()
        if decision is None:
            parts.append(
                format_html(
                    'Translation revision {} is waiting for review. <a href="{}">Open it in the review workspace</a>',
                    latest.number,
                    reverse("reviews:translation", args=[latest.pk]),
                )
            )
        elif decision.decision == "changes_requested":
            parts.append(format_html("The reviewer asked for changes: “{}”", decision.comment))
    published = TranslationPublication.objects.filter(
        article_id=translation.article_id, language=translation.language
    ).first()
    if published is not None:
        state = "live"
        if published.care_changed:
            state = "held back from readers (the English “when to get help” advice changed)"
        elif published.stale_since is not None:
            state = f"live, marked out of date since {date_format(timezone.localdate(published.stale_since))}"
        parts.append(
            format_html(
                "Readers get translation revision {}, reviewed by {} on {}: {}.",
                published.revision.number,
                published.reviewer_name,
                date_format(published.last_reviewed),
                state,
            )
        )
    return parts
