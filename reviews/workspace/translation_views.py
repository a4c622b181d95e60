"""The review of a translation (/review/translations/<pk>/): the English it translates
beside the translation, piece by piece, what changed in the English since the last
approved translation, and the decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from articles.checks import check_document
from articles.diff import compare
from articles.translation import segments, value_at
from reviews.provenance import signing
from reviews.provenance.translations import TranslationRevision
from reviews.readmodel.models import Publication, TranslationPublication
from reviews.workflow import translations
from reviews.workflow.services import ReviewError

from .forms import APPROVE, DecisionForm
from .views import _may_sign_off, workspace


def _revision(pk):
    return get_object_or_404(TranslationRevision.objects.select_related("article", "source", "created_by"), pk=pk)


def _barred(user, revision):
    """Whether four eyes bars ``user`` from approving ``revision`` (read once a page)."""
    return not translations.may_approve_translation(user.pk, revision)


def _reads(user, revision):
    profile = getattr(user, "reviewer_profile", None)
    return profile is not None and profile.reviews_in(revision.language)


@require_safe
@workspace()
def translation_detail(request, pk):
    revision = _revision(pk)
    barred = _barred(request.user, revision)
    form = DecisionForm(can_approve=_reads(request.user, revision) and not barred, request=request)
    return _page(request, revision, form, barred=barred)


def _page(request, revision, form, *, barred, status=200):
    source = revision.source
    pieces = [
        (segment, value_at(revision.snapshot, segment.key)) for segment in segments(source.snapshot)
    ]  # the English as signed, and what the translation says at the same place
    live = Publication.objects.filter(article_id=revision.article_id).select_related("revision").first()
    english_live = live is not None and not live.withdrawn and live.revision_id == source.pk
    published = (
        TranslationPublication.objects.filter(article_id=revision.article_id, language=revision.language)
        .select_related("revision__source")
        .first()
    )
    # What the English changed, for the translator's and the reviewer's eyes: since this
    # translation's English if readers now get other English (a stale translation), else
    # since the English of the translation readers have.
    if live is not None and not english_live:
        diff_from, diff_to = source, live.revision
    elif published is not None and published.revision.source_id != source.pk:
        diff_from, diff_to = published.revision.source, source
    else:
        diff_from = diff_to = None
    decision = revision.signoffs.first()
    newest = (
        TranslationRevision.objects.filter(article_id=revision.article_id, language=revision.language)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    context = {
        "revision": revision,
        "article": revision.article,
        "source": source,
        "pieces": pieces,
        "english_live": english_live,
        "published": published,
        "diff": compare(diff_from.snapshot, diff_to.snapshot) if diff_from and diff_to else None,
        "diff_from": diff_from,
        "diff_to": diff_to,
        "decision": decision,
        "superseded": newest != revision.pk,
        "can_decide": _may_sign_off(request.user),
        "reads_language": _reads(request.user, revision),
        "four_eyes": barred,
        "form": form,
        "checks": check_document(revision.snapshot),
    }
    return render(request, "reviews/translation.html", context, status=status)


@require_POST
@workspace("reviews.sign_off_revision")
def decide_translation(request, pk):
    revision = _revision(pk)
    if not _reads(request.user, revision):
        raise PermissionDenied(
            "Only a clinician whose reviewer profile lists the translation's language decides about it."
        )
    barred = _barred(request.user, revision)
    form = DecisionForm(request.POST, can_approve=not barred, request=request)
    if not form.is_valid():
        return _page(request, revision, form, barred=barred, status=400)
    try:
        if form.cleaned_data["decision"] == APPROVE:
            translations.approve_translation(
                revision=revision, reviewer=request.user, comment=form.cleaned_data["comment"]
            )
            done = f"Approved. The translation of “{revision.article}” (revision {revision.number}) is now live."
            messages.success(request, done + signing.unsigned_note())
        else:
            translations.request_translation_changes(
                revision=revision, reviewer=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, "Changes requested. The translators will see your comment in the admin.")
    except ReviewError as error:
        messages.error(request, error.message)
    return redirect("reviews:translation", pk=revision.pk)
