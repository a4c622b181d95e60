"""Readers' "Report a problem with this page": the form page, its rate limit, thanks."""

import hashlib

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from reviews.accounts.lockout import client_address
from reviews.readmodel.models import Publication
from reviews.workflow import services

from .. import cache
from ..forms import ReportForm


def reports_counted(request):
    """Count this report against the sender's address: how many in the period, or None
    when the count cannot be kept (the cache is down). The address is kept only as a
    keyed hash in the cache, never in the database."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return cache.count(f"report-rate:{digest}", settings.REPORT_RATE_PERIOD)


@require_http_methods(["GET", "HEAD", "POST"])
def report_problem(request, slug):
    publication = get_object_or_404(Publication.objects.public(), slug=slug)
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
                    publication=publication, message=form.cleaned_data["message"], email=form.cleaned_data["email"]
                )
            return redirect("public:report_thanks", slug=publication.slug)
        else:
            status = 400
    return render(request, "public/report.html", {"page": publication, "form": form}, status=status)


@require_safe
def report_thanks(request, slug):
    publication = get_object_or_404(Publication, slug=slug)
    return render(request, "public/report_thanks.html", {"page": publication})
