"""The citation files of an article: RIS and BibTeX, for reference managers."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from reviews.readmodel.citation import Citation
from reviews.readmodel.models import Publication, TranslationPublication

from ..languages import in_every_language

FORMATS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
}


@require_safe
@in_every_language
def citation_file(request, slug, kind):
    if get_language() != settings.LANGUAGE_CODE:
        row = TranslationPublication.objects.offered().filter(language=get_language(), slug=slug).first()
        if row is None:
            raise Http404("No live article has this address in this language.")
        citation = Citation.of_translation(row)
    else:
        publication = Publication.objects.public().filter(slug=slug).first()
        if publication is None:
            raise Http404("No live article has this address.")
        citation = Citation.of(publication)
    content_type, extension = FORMATS[kind]
    body = citation.ris() if kind == "ris" else citation.bibtex()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slug}.{extension}"'
    return response
