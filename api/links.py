"""Absolute URLs in answers, and the paging every list shares."""

import datetime
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode
from ninja import Field, Schema
from pydantic import BeforeValidator

T = TypeVar("T")
MAX_LIMIT = 100  # a page never holds more, whatever is asked (larger asks are refused with a 400)
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000_000
SLUG = r"^[-a-zA-Z0-9_]+$"


def _iso_date(value: Any) -> Any:
    # pydantic alone would also take "0" or "1700000000" (seconds since 1970) for a date.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Input should be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


@lru_cache(maxsize=8192)
def _path(prefix: str, name: str, slug: str | None) -> str:
    return reverse(name, args=[slug] if slug is not None else [])


def url(name: str, slug: str | None = None) -> str:
    """The absolute URL of the view ``name`` (for ``slug``), memoised: lists link every item twice."""
    return settings.SITE_URL + _path(get_script_prefix(), name, slug)


def reviewer(row: Any) -> dict[str, str]:
    """The clinician who signed off ``row`` (a publication, or a translation's), as the API names them."""
    return {
        "name": row.reviewer_name,
        "credentials": row.reviewer_credentials,
        "slug": row.reviewer_slug,
        "url": url("public:reviewer", row.reviewer_slug),
    }


def with_query(name: str, **query: str) -> str:
    return f"{url(name)}?{urlencode(query)}"


def _link(request: HttpRequest, offset: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    return f"{settings.SITE_URL}{request.path}?{query.urlencode()}"


class Paging(Schema):
    """Which page of a list every list operation takes: ``limit`` rows from ``offset``."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size, at most 100.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page(request: HttpRequest, paging: Paging, *, count: int, results: Iterable[T], item: Callable[[T], Any]) -> dict:
    """One page of a list: ``results`` are its rows (at most ``paging.limit``), ``count`` all rows."""
    limit, offset = paging.limit, paging.offset
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _link(request, offset + limit) if offset + limit < count else None,
        "previous": _link(request, max(offset - limit, 0)) if offset > 0 else None,
        "results": [item(row) for row in results],
    }


def page_of(queryset: QuerySet, paging: Paging) -> tuple[int, list]:
    """(number of rows, the rows of this page): two queries, whatever the page size."""
    return queryset.count(), list(queryset[paging.offset : paging.offset + paging.limit])


def paged(request: HttpRequest, queryset: QuerySet, paging: Paging, item: Callable[[Any], Any]) -> dict:
    """The page of ``queryset`` that ``paging`` asks for, each row made by ``item``."""
    count, rows = page_of(queryset, paging)
    return page(request, paging, count=count, results=rows, item=item)
