"""Articles in another language (``?lang=es`` on the articles' list and detail): the live
translation's document exactly as a clinician who reads the language signed it off, its
site signature and its signed statement, so that it is checked offline as an English
article is (examples/verify_article.py); and the safety rule of the Spanish page: a
translation whose English "when to get help" advice changed is not served as current."""

import enum
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from reviews.provenance import log, signing
from reviews.readmodel import translations
from reviews.readmodel.models import Publication, TranslationPublication

from . import links, schemas
from .http import error

logger = logging.getLogger(__name__)
LANGUAGES = {code for code, _ in settings.LANGUAGES[1:]}
# What `lang` takes: the languages articles are translated into (the OpenAPI lists them).
Language = enum.StrEnum("Language", {code: code for code in sorted(LANGUAGES)})  # type: ignore[misc]


def page_url(language: str, slug: str) -> str:
    """The absolute address of the article page at ``slug`` in ``language``."""
    with translation.override(language):
        return settings.SITE_URL + reverse("public:detail", args=[slug])


def api_url(slug: str, language: str) -> str:
    return f"{links.url('api:article', slug)}?lang={language}"


def summary(row: TranslationPublication) -> dict[str, Any]:
    return {
        "slug": row.slug,
        "language": row.language,
        "title": row.title,
        "question": row.question,
        "lead": row.lead,
        "url": page_url(row.language, row.slug),
        "api_url": api_url(row.slug, row.language),
        "revision": row.revision.number,
        "content_hash": row.content_hash,
        "translation_of": row.source_hash,
        "stale": row.stale,
        "last_reviewed": row.last_reviewed,
        "reviewer": links.reviewer(row),
    }


def offered(language: str) -> Any:
    """The live translations into ``language`` readers are offered, by slug."""
    return (
        TranslationPublication.objects.offered()
        .filter(language=language)
        .select_related("revision")
        .defer("revision__snapshot")
        .order_by("slug")
    )


def detail(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The live translation of the article at ``slug`` into ``language``, checked."""
    rows = TranslationPublication.objects.select_related("revision").defer("revision__snapshot")
    row = rows.filter(language=language, slug=slug, withdrawn_at__isnull=True).first()
    english = Publication.objects.filter(article_id=row.article_id).first() if row else None
    if row is None or english is None:
        return error(404, "not_found", f"No article is published in “{language}” at this address.")
    if english.withdrawn:
        return error(410, "withdrawn", "This article was withdrawn.", withdrawn_at=english.withdrawn_at)
    reading = translations.read(row, english)
    if reading is None:
        return error(503, "unavailable", "This article cannot be served right now.")
    entry, head = row.newest_statement(), log.newest_head()
    proof = log.inclusion(entry.index, head.size, head.checkpoint) if entry and head else None
    if proof is None:  # is_authentic read the statement a moment ago: the tree heads must reach it
        logger.critical("Article %s (%s): its statement has no tree head; not served.", slug, language)
        return error(503, "unavailable", "This article cannot be served right now.")
    english_api = links.url("api:article", english.slug)
    if reading.held_back:
        return error(
            409,
            "held_back",
            "The English advice on when to get help changed since this translation was reviewed: it is not "
            "served until a clinician has reviewed the translation of the new advice. Read the English.",
            english=english_api,
        )
    body = _body(row, reading, english_api, proof)
    payload = schemas.TranslationDetail.model_validate(body).model_dump_json()
    return HttpResponse(payload, content_type="application/json", headers={"Content-Language": language})


def _body(row: TranslationPublication, reading: translations.Reading, english_api: str, proof: Any) -> dict[str, Any]:
    """The answer: the translated document as signed, and what checks it."""
    snapshot = reading.snapshot
    return {
        "slug": row.slug,
        "language": row.language,
        "title": snapshot["title"],
        "question": snapshot["question"],
        "url": page_url(row.language, row.slug),
        "revision": row.revision.number,
        "content_hash": row.content_hash,
        "signature": (
            {"algorithm": signing.ALGORITHM, "key_id": row.signing_key_id, "value": row.signature}
            if row.signature
            else None
        ),
        "translation_of": {"content_hash": row.source_hash, "api_url": english_api},
        "stale": reading.stale,
        "english_changed_on": reading.changed_on if reading.stale else None,
        "translators": row.translators,
        "reviewer": links.reviewer(row),
        "last_reviewed": row.last_reviewed,
        "keys_url": links.url("api:keys"),
        "statement": json.loads(row.statement),
        "log": proof.as_json(),
        "document": snapshot,
    }
