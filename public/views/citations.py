"""The citation files of an article: RIS and BibTeX, for reference managers."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from reviews.readmodel.citation import Citation
from reviews.readmodel.models import Publication

FORMATS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
}


@require_safe
def citation_file(request, slug, kind):
    publication = Publication.objects.public().filter(slug=slug).first()
    if publication is None:
        raise Http404("No live article has this address.")
    citation = Citation.of(publication)
    content_type, extension = FORMATS[kind]
    body = citation.ris() if kind == "ris" else citation.bibtex()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slug}.{extension}"'
    return response
