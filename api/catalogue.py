"""Conditions, categories and reviewers, as the live articles show them: condition names,
codes and synonyms as the most recently reviewed article that lists them gives them,
category names as reviewed, and the public fields of reviewer profiles."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from reviews.provenance.models import ReviewerProfile
from reviews.readmodel.models import CategorySummary, ConditionListing, Publication

from . import links, schemas

router = Router()

LISTING_FIELDS = [
    "condition_slug",
    "name",
    "gloss",
    "also_called",
    "lay_terms",
    "codes",
    "own_article",
    "section_heading",
    "group_heading",
    "urgency",
    "likelihood",
    "position",
    "seal",
    "publication__content_hash",
    "publication__slug",
    "publication__title",
    "publication__last_reviewed",
    "publication_id",
]
REVIEWER_FIELDS = ["slug", "display_name", "credentials", "specialty", "bio"]


def condition(listing: ConditionListing) -> dict[str, Any]:
    return {
        "slug": listing.condition_slug,
        "name": listing.name,
        "gloss": listing.gloss,
        "also_called": listing.also_called,
        "lay_terms": listing.lay_terms,
        "codes": {system: code for system, code in (listing.codes or {}).items() if code},
        "url": links.url("public:condition", listing.condition_slug),
        "api_url": links.url("api:condition", listing.condition_slug),
    }


def _listings() -> Any:
    # Oldest review first, so the last listing seen of a condition is the newest wording.
    return (
        ConditionListing.objects.public()
        .select_related("publication")
        .only(*LISTING_FIELDS)
        .order_by("publication__last_reviewed", "publication_id", "position")
    )


@router.get(
    "/conditions",
    response={200: schemas.ConditionPage, 400: schemas.InvalidRequest},
    url_name="conditions",
    operation_id="listConditions",
    tags=["conditions"],
    summary="Conditions live articles list",
)
def list_conditions(request: HttpRequest, paging: Query[links.Paging]) -> dict[str, Any]:
    """Every condition a live article lists, by slug, with its codes (ICD-10, SNOMED CT,
    MeSH) and other names, as the most recently reviewed of those articles gives them."""
    slugs = ConditionListing.objects.public().order_by("condition_slug").values_list("condition_slug", flat=True)
    count, page_slugs = links.page_of(slugs.distinct(), paging)
    newest: dict[str, ConditionListing] = {}
    for listing in _listings().filter(condition_slug__in=page_slugs).iterator(chunk_size=500):
        if listing.seal_holds():
            newest[listing.condition_slug] = listing
    rows = [newest[slug] for slug in page_slugs if slug in newest]
    return links.page(request, paging, count=count, results=rows, item=condition)


@router.get(
    "/conditions/{slug:slug}",
    response={200: schemas.ConditionDetail, 404: schemas.Error},
    url_name="condition",
    operation_id="getCondition",
    tags=["conditions"],
    summary="One condition, and the live articles that list it",
)
def condition_detail(request: HttpRequest, slug: str = Path(..., example="stroke")) -> dict[str, Any]:
    listings = [listing for listing in _listings().filter(condition_slug=slug) if listing.seal_holds()]
    if not listings:
        raise Http404("No live article lists this condition.")
    latest = listings[-1]
    articles = [
        {
            "slug": listing.publication.slug,
            "title": listing.publication.title,
            "url": links.url("public:detail", listing.publication.slug),
            "api_url": links.url("api:article", listing.publication.slug),
            "section": listing.section_heading,
            "group": listing.group_heading,
            "urgency": listing.urgency,
            "likelihood": listing.likelihood,
        }
        for listing in sorted(listings, key=lambda m: (m.publication.title, m.publication_id, m.position))
    ]
    # Its own article only while readers can open it (never a withdrawn one).
    own = (
        latest.own_article
        if latest.own_article and Publication.objects.public().filter(slug=latest.own_article).exists()
        else None
    )
    return {**condition(latest), "own_article": own, "articles": articles}


@router.get(
    "/categories",
    response=schemas.CategoryList,
    url_name="categories",
    operation_id="listCategories",
    tags=["categories"],
    summary="Categories of live articles",
)
def list_categories(request: HttpRequest) -> dict[str, Any]:
    """Categories with live articles, named as the most recently reviewed of them names
    them (category names are reviewed with the articles). Their articles:
    `/api/v1/articles?category=<slug>`."""
    results = [
        {
            "slug": slug,
            "name": name,
            "article_count": count,
            "url": links.url("public:category", slug),
            "articles_url": links.with_query("api:articles", category=slug),
        }
        for slug, name, count in CategorySummary.objects.by_name()
    ]
    return {"results": results}


def reviewer(profile: ReviewerProfile) -> dict[str, Any]:
    return {
        "slug": profile.slug,
        "name": profile.display_name,
        "credentials": profile.credentials,
        "specialty": profile.specialty,
        "bio": profile.bio,
        "url": links.url("public:reviewer", profile.slug),
        "articles_url": links.with_query("api:articles", reviewer=profile.slug),
    }


@router.get(
    "/reviewers",
    response={200: schemas.ReviewerPage, 400: schemas.InvalidRequest},
    url_name="reviewers",
    operation_id="listReviewers",
    tags=["reviewers"],
    summary="Medical reviewers",
)
def list_reviewers(request: HttpRequest, paging: Query[links.Paging]) -> dict[str, Any]:
    """The clinicians who sign off articles: names and credentials as readers see them."""
    profiles = ReviewerProfile.objects.only(*REVIEWER_FIELDS).order_by("slug")
    return links.paged(request, profiles, paging, reviewer)


@router.get(
    "/reviewers/{slug:slug}",
    response={200: schemas.ReviewerProfile, 404: schemas.Error},
    url_name="reviewer",
    operation_id="getReviewer",
    tags=["reviewers"],
    summary="One medical reviewer",
)
def reviewer_detail(request: HttpRequest, slug: str = Path(..., example="rosa-reyes")) -> dict[str, Any]:
    profile = ReviewerProfile.objects.only(*REVIEWER_FIELDS).filter(slug=slug).first()
    if profile is None:
        raise Http404("No reviewer has this address.")
    return reviewer(profile)
