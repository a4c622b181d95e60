"""One way to turn an article document into the page readers get: used by the public
article page and by the staff previews of working copies and revisions, so what a
reviewer reads is what readers will get."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from articles.document import linked_article_slugs
from reviews.readmodel.citation import Citation
from reviews.readmodel.models import Publication, TranslationPublication

from . import languages, structured


def linkable(document: dict) -> set[str]:
    """Slugs of the articles ``document`` links to that readers can open; the others
    are shown as plain text."""
    linked = linked_article_slugs(document)
    if not linked:
        return set()
    return set(Publication.objects.public().filter(slug__in=linked).values_list("slug", flat=True))


def render_article(
    request: HttpRequest,
    document: dict,
    *,
    publication: Publication | None = None,
    translation: TranslationPublication | None = None,
    notice: dict | None = None,
    preview: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The article page for ``document``. With ``publication`` it is the public page
    (byline, canonical URL, structured data, the other languages it is offered in); with
    ``translation`` too, the page of that translation of it (``notice`` says whether its
    English changed since, when, and where it is); with ``preview`` a staff preview."""
    context = {
        "doc": document,
        "public_links": linkable(document),
        "page": publication,
        "overdue": publication.review_overdue(today=timezone.localdate()) if publication else False,
        "preview": preview,
        "trail": structured.article_trail(document),
    }
    if publication is not None:
        versions = languages.versions(publication, translation)
        context["canonical"] = versions.here
        context["versions"] = versions
        context["json_ld"] = structured.medical_web_page(
            document, publication, versions=versions, translation=translation
        )
        context["citation"] = Citation.of(publication) if translation is None else Citation.of_translation(translation)
        context["translation"] = translation
        context["notice"] = notice
    return render(request, "public/article.html", context, status=status)
