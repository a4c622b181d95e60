"""Staff previews: a working copy or a revision rendered exactly as the public page,
never cached and never indexed."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from articles.document import build_document, document_queryset
from reviews.models import Publication, Revision
from reviews.permissions import can_use_workspace

from ..rendering import render_article


@require_safe
@login_required
def working_copy(request, pk):
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    article = get_object_or_404(document_queryset(), pk=pk)
    return render_article(
        request, build_document(article), preview="The working copy as readers would see it. It is not public."
    )


@require_safe
@xframe_options_sameorigin
@login_required
def revision(request, pk):
    """A revision as readers get it (or would, once approved), framed in the review page."""
    if not can_use_workspace(request.user):
        raise PermissionDenied
    revision = get_object_or_404(Revision.objects.select_related("article"), pk=pk)
    live = Publication.objects.public().filter(article_id=revision.article_id, revision=revision).exists()
    if live:
        banner = f"Revision {revision.number}, the live revision, as readers get it."
    else:
        banner = f"Revision {revision.number} as readers would get it once approved."
    return render_article(request, revision.snapshot, preview=banner)
