"""The languages an article page is offered in, and the links between them: the language
switcher, reciprocal ``hreflang`` alternates with ``x-default`` (the English), and the
JSON-LD's ``workTranslation`` / ``translationOfWork``. Only signed translations that are not
held back are offered (TranslationPublication.objects.offered)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation as i18n

from reviews.readmodel.models import Publication, TranslationPublication

from . import structured
from .paths import slug_path

NAMES = dict(settings.LANGUAGES)


def in_every_language(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a public view as one that renders in the language its address names; under
    another language's prefix, the others redirect to their English address
    (symptomsite/languages.py)."""
    view.in_every_language = True  # type: ignore[attr-defined]
    return view


@dataclass(frozen=True)
class Version:
    language: str  # as the site names it: "en-us", "es"
    hreflang: str  # as HTML and HTTP do: "en-US", "es"
    name: str  # in its own language: "English", "Español"
    url: str  # absolute
    current: bool


@dataclass(frozen=True)
class Versions:
    here: str  # this page's absolute address (canonical)
    all: list[Version]  # every offered language, English first
    default: str  # x-default: the English page

    @property
    def others(self) -> list[Version]:
        return [version for version in self.all if not version.current]


def _url(language: str, slug: str) -> str:
    with i18n.override(language):
        return structured.absolute(slug_path("public:detail", slug))


def versions(publication: Publication, translation: TranslationPublication | None = None) -> Versions:
    """The offered versions of ``publication``'s article; ``translation`` is the one shown.
    Read with the snapshot (Publication.signed_document), else asked for."""
    rows = getattr(publication, "offered_translations", None)
    if rows is None:
        offered = TranslationPublication.objects.offered().filter(article_id=publication.article_id)
        rows = dict(offered.values_list("language", "slug"))
    current = translation.language if translation else settings.LANGUAGE_CODE
    english = _url(settings.LANGUAGE_CODE, publication.slug)
    found = [
        Version(
            settings.LANGUAGE_CODE, "en-US", NAMES[settings.LANGUAGE_CODE], english, current == settings.LANGUAGE_CODE
        )
    ]
    for language, slug in sorted(rows.items()):
        found.append(
            Version(language, language, NAMES.get(language, language), _url(language, slug), current == language)
        )
    here = next((version.url for version in found if version.current), _url(current, publication.slug))
    return Versions(here=here, all=found if len(found) > 1 else [], default=english)
