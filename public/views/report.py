"""Readers' "Report a problem with this page": the form page, its rate limit, thanks."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from reviews import services
from reviews.models import Publication

from ..forms import ReportForm


def client_address(request):
    # Behind our proxy, the last X-Forwarded-For entry is the one it added; earlier ones
    # are whatever the client sent, so they cannot be trusted for a limit.
    if settings.BEHIND_PROXY and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def over_rate_limit(request):
    """Count this report against the sender's address; True once past the limit.
    The address is kept only as a keyed hash in the cache, never in the database."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    key = f"report-rate:{digest}"
    cache.add(key, 0, timeout=settings.REPORT_RATE_PERIOD)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.REPORT_RATE_PERIOD)
        count = 1
    return count > settings.REPORT_RATE_LIMIT


@require_http_methods(["GET", "HEAD", "POST"])
def report_problem(request, slug):
    publication = get_object_or_404(Publication.objects.public(), slug=slug)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if over_rate_limit(request):
            form.add_error(
                None, "We have had several reports from your connection in the last hour. Please try again later."
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
