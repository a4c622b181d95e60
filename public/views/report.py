"""Readers' "Report a problem with this page": the form page, its rate limit, thanks."""

import hashlib

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext, override
from django.views.decorators.http import require_http_methods, require_safe

from reviews.accounts.lockout import client_address
from reviews.readmodel.models import Publication, TranslationPublication
from reviews.workflow import services

from .. import cache
from ..forms import ReportForm
from ..languages import in_every_language


def reports_counted(request):
    """Count this report against the sender's address: how many in the period, or None
    when the count cannot be kept (the cache is down). The address is kept only as a
    keyed hash in the cache, never in the database."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return cache.count(f"report-rate:{digest}", settings.REPORT_RATE_PERIOD)


def _reading(slug: str) -> tuple[Publication | TranslationPublication, Publication]:
    """(what the reader was reading at ``slug`` in the request's language, its English
    publication); a translation readers are not offered is not found."""
    if get_language() == settings.LANGUAGE_CODE:
        publication = get_object_or_404(Publication.objects.public(), slug=slug)
        return publication, publication
    translation = TranslationPublication.objects.offered().filter(language=get_language(), slug=slug).first()
    if translation is None:
        raise NotInLanguage(slug)
    return translation, Publication.objects.get(article_id=translation.article_id)


class NotInLanguage(Exception):
    """The article is not offered in the request's language: its English form serves."""


@require_http_methods(["GET", "HEAD", "POST"])
@in_every_language
def report_problem(request, slug):
    try:
        page, publication = _reading(slug)
    except NotInLanguage:
        with override(None):
            return redirect("public:report", slug=slug)
    language = "" if page is publication else get_language()
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        sent = reports_counted(request)
        if sent is None:
            form.add_error(None, gettext("We cannot take reports just now. Please try again in a few minutes."))
            status = 503
        elif sent > settings.REPORT_RATE_LIMIT:
            form.add_error(
                None,
                gettext("We have had several reports from your connection in the last hour. Please try again later."),
            )
            status = 429
        elif form.is_valid():
            if not form.is_bot:
                services.file_report(
                    publication=publication,
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                    language=language,
                )
            return redirect("public:report_thanks", slug=page.slug)
        else:
            status = 400
    return render(request, "public/report.html", {"page": page, "form": form}, status=status)


@require_safe
@in_every_language
def report_thanks(request, slug):
    page: Publication | TranslationPublication
    if get_language() == settings.LANGUAGE_CODE:
        page = get_object_or_404(Publication, slug=slug)
    else:
        page = get_object_or_404(TranslationPublication, language=get_language(), slug=slug)
    return render(request, "public/report_thanks.html", {"page": page})
