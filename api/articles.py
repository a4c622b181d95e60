"""Articles: the list (paged, filterable by review date, category and reviewer) and the
detail, which is the live revision's document exactly as signed off, with its review
metadata and the site's signature."""

import datetime
import hashlib
import json
import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response
from ninja import Path, Query, Router

from reviews.provenance import log, signing
from reviews.readmodel import shared_cache
from reviews.readmodel.citation import Citation
from reviews.readmodel.models import Publication, sealed

from . import links, schemas, translations
from .http import error

logger = logging.getLogger(__name__)
router = Router(tags=["articles"])

# What a summary shows, and what the seal covers (a row failing it is left out of the list).
LIST_FIELDS = [*Publication.SHOWN_FIELDS, "revision__number"]
# Everything the detail shows but the document, and what its seal covers: one row.
DETAIL_FIELDS = [*Publication.SHOWN_FIELDS, "revision__number"]
CACHE_SECONDS = 24 * 3600


def summary(publication: Publication) -> dict[str, Any]:
    return {
        "slug": publication.slug,
        "title": publication.title,
        "question": publication.question,
        "lead": publication.lead,
        "url": links.url("public:detail", publication.slug),
        "api_url": links.url("api:article", publication.slug),
        "revision": publication.revision.number,
        "content_hash": publication.content_hash,
        "last_reviewed": publication.last_reviewed,
        "next_review_due": publication.next_review_due,
        "reviewer": links.reviewer(publication),
    }


@router.get(
    "/articles",
    response={200: schemas.ArticlePage | schemas.TranslationPage, 400: schemas.InvalidRequest},
    url_name="articles",
    operation_id="listArticles",
    summary="Live articles",
)
def list_articles(
    request: HttpRequest,
    paging: Query[links.Paging],
    updated_since: links.IsoDate | None = Query(
        None, description="Only articles signed off (approved or confirmed) on or after this date."
    ),
    category: str | None = Query(None, pattern=links.SLUG, max_length=120, description="A category's slug."),
    reviewer: str | None = Query(None, pattern=links.SLUG, max_length=120, description="Last signed off by."),
    lang: translations.Language | None = Query(None, description="A language other than English: its translations."),
) -> Any:
    """Live articles by slug, a page at a time (follow `next`). To stay in step, ask for
    `updated_since` your last sync: a withdrawn article then answers 410 on its own URL.
    With `lang` (e.g. `es`), the live translations into it readers are offered instead."""
    if lang:
        rows = translations.offered(lang.value)
        count, found = links.page_of(rows, paging)
        return links.page(
            request, paging, count=count, results=[r for r in found if r.seal_intact()], item=translations.summary
        )
    publications = Publication.objects.public().select_related("revision").only(*LIST_FIELDS).order_by("slug")
    if updated_since:
        publications = publications.filter(last_reviewed__gte=updated_since)
    if category:
        publications = publications.filter(categories__slug=category)
    if reviewer:
        publications = publications.filter(reviewer_slug=reviewer)
    count, rows = links.page_of(publications, paging)
    return links.page(request, paging, count=count, results=sealed(rows, whole=True), item=summary)


def citation(publication: Publication) -> dict[str, str]:
    cite = Citation.of(publication)
    return {
        "ama": cite.ama(),
        "apa": cite.apa_text(),
        "ris_url": links.url("public:cite_ris", publication.slug),
        "bibtex_url": links.url("public:cite_bib", publication.slug),
    }


def validator(publication: Publication, *, today: datetime.date) -> tuple[str, dict[str, Any]]:
    """(ETag, everything in the answer but the document) of a live publication. The ETag
    starts with the content hash; the rest covers what a sign-off changes without
    changing the text (dates, reviewer, signature), so it never outlives either."""
    meta = {
        "slug": publication.slug,
        "title": publication.title,
        "question": publication.question,
        "url": links.url("public:detail", publication.slug),
        "revision": publication.revision.number,
        "content_hash": publication.content_hash,
        "signature": (
            {"algorithm": signing.ALGORITHM, "key_id": publication.signing_key_id, "value": publication.signature}
            if publication.signature
            else None
        ),
        "reviewer": links.reviewer(publication),
        "last_reviewed": publication.last_reviewed.isoformat(),
        "next_review_due": publication.next_review_due.isoformat(),
        "review_overdue": publication.review_overdue(today=today),
        "review_history": [
            {key: item[key] for key in ("date", "kind", "reviewer", "credentials")} for item in publication.history
        ],
        "keys_url": links.url("api:keys"),
        "citation": citation(publication),
    }
    # The publication clock too, as the article page's key has it: any sign-off or
    # withdrawal moves it, so no cached answer outlives one (a row changed behind the
    # site's back is then checked against its seal again, not served from the cache).
    clock = getattr(publication, "clock", None)
    digest = hashlib.sha256(json.dumps([settings.RELEASE, meta, clock], sort_keys=True).encode()).hexdigest()
    return f'"{publication.content_hash}-{digest[:16]}"', meta


@router.get(
    "/articles/{slug:slug}",
    response={
        200: schemas.ArticleDetail | schemas.TranslationDetail,
        304: None,
        400: schemas.InvalidRequest,
        409: schemas.Error,
        404: schemas.Error,
        410: schemas.Withdrawn,
        503: schemas.Error,
    },
    url_name="article",
    operation_id="getArticle",
    summary="One live article, signed",
)
def article(
    request: HttpRequest,
    slug: str = Path(..., example="muscle-atrophy"),
    lang: translations.Language | None = Query(None, description="A language other than English, e.g. es."),
) -> HttpResponse:
    """The live revision's document exactly as a reviewer signed it off, with the review
    metadata and the site's Ed25519 signature of its canonical JSON. Send the ETag back
    in `If-None-Match` to get 304 while it is unchanged. With `lang`, the live translation
    into it (409 `held_back` while its English advice on when to get help is newer)."""
    if lang:
        return translations.detail(request, slug, lang.value)
    rows = (
        Publication.objects.with_clock()
        .select_related("revision")
        .only(*DETAIL_FIELDS)
        .filter(slug=slug)
        .order_by()[:1]
    )
    publication = next(iter(rows), None)  # unordered: a slug is unique, and sorting costs per request
    if publication is None:
        raise Http404("No article is published at this address.")
    if publication.withdrawn:
        return error(410, "withdrawn", "This article was withdrawn.", withdrawn_at=publication.withdrawn_at)
    etag, meta = validator(publication, today=timezone.localdate())
    unchanged = get_conditional_response(request, etag=etag)
    if isinstance(unchanged, HttpResponseNotModified):
        unchanged["ETag"] = etag
        return unchanged  # one query: the snapshot is not read
    key = "api-article:" + etag.strip('"')
    body = shared_cache.get(key, bytes)
    if body is None:
        snapshot = publication.signed_document()
        if not publication.is_authentic(snapshot):
            logger.critical("Article %s: the live snapshot does not match its sign-off; not served.", slug)
            return error(503, "unavailable", "This article cannot be served right now.")
        # Title and question as signed (the listing columns beside them are not sealed).
        signed = {"title": snapshot["title"], "question": snapshot["question"]}
        index, (size, checkpoint) = publication.log_index, publication.log_head
        proof = log.inclusion(index, size, checkpoint) if index is not None and size else None
        if proof is None:  # the tree heads do not reach the statement read a moment ago
            logger.critical("Article %s: its statement #%s has no tree head; not served.", slug, index)
            return error(503, "unavailable", "This article cannot be served right now.")
        logged = {"statement": json.loads(publication.statement_envelope), "log": proof.as_json()}
        body = (
            schemas.ArticleDetail.model_validate({**meta, **signed, **logged, "document": snapshot})
            .model_dump_json()
            .encode()
        )
        shared_cache.set(key, body, timeout=CACHE_SECONDS)
    return HttpResponse(body, content_type="application/json", headers={"ETag": etag})
