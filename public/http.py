"""HTTP caching of public pages: validators, conditional GET and Cache-Control.

Every public page is a function of a few cheap inputs: the deployment (RELEASE and the
settings a page shows), the publication clock (reviews' PublicationClock, moved on in the
same transaction as every sign-off and withdrawal) and, for some pages, a row they read
anyway (the live Publication, a reviewer's profile). Those inputs make the page's strong
ETag, so a conditional GET is answered 304 after that one cheap read, before anything is
rendered or any snapshot is read; everything lives in the database, so every server
process agrees on it whatever the cache backend.

The ETag names the uncompressed page; symptomsite/compression.py adds the encoding
(``"…-br"``, ``"…-gzip"``) to the compressed ones and takes it off again on the way in,
so the comparison here never sees it.
"""

import datetime
import hashlib
from calendar import timegm
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from reviews.readmodel.models import PublicationClock

View = Callable[..., HttpResponseBase]


def deployment() -> tuple[Hashable, ...]:
    """What every page depends on besides content: the release (templates, code), the
    static files' names (the manifest's hash, when collectstatic made one) and the
    settings pages print. Read once per process: none of it changes while a process
    runs, except settings in tests, which say so (setting_changed)."""
    global _deployment  # noqa: PLW0603 - a per-process memo, reset below
    if _deployment is None:
        storage = storages["staticfiles"]
        manifest = storage.manifest_hash if isinstance(storage, ManifestFilesMixin) else ""
        _deployment = (
            settings.RELEASE,
            manifest,
            settings.SITE_NAME,
            settings.SITE_URL,
            settings.EMERGENCY_NUMBER,
            settings.URGENT_ADVICE,
        )
    return _deployment


_deployment: tuple[Hashable, ...] | None = None


@receiver(setting_changed)
def _forget_deployment(**kwargs: Any) -> None:
    global _deployment  # noqa: PLW0603
    _deployment = None


@dataclass(frozen=True)
class Validators:
    etag: str  # quoted, strong: the uncompressed representation
    last_modified: datetime.datetime | None

    @classmethod
    def of(cls, parts: Iterable[Hashable], *, last_modified: datetime.datetime | None) -> "Validators":
        text = "\x1f".join(map(str, (*deployment(), *parts)))
        return cls(etag=f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"', last_modified=last_modified)

    def sendable_last_modified(self, now: datetime.datetime | None = None) -> int | None:
        """Last-Modified as HTTP sends it (whole seconds), or None while it is less than a
        second old: a second change within the same second would carry the same date, and
        a client holding the first would be told 304 (RFC 9110 8.8.2.2 calls such a date
        weak). The ETag, which browsers send first, has no such gap."""
        if self.last_modified is None:
            return None
        seconds = timegm(self.last_modified.utctimetuple())
        if seconds + 1 > (now or timezone.now()).timestamp():
            return None
        return seconds


def clock() -> tuple[int | None, datetime.datetime | None]:
    """(version, when it last moved) of the publication clock, in one query."""
    row = PublicationClock.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row if row is not None else (None, None)


def read_model_validators(*parts: Hashable) -> Validators:
    """For a page made only from the read model (listings, feed, sitemap): it changes
    exactly when the publication clock moves."""
    version, changed_at = clock()
    return Validators.of((version, changed_at, *parts), last_modified=changed_at)


def not_modified(request: HttpRequest, validators: Validators) -> HttpResponse | None:
    """The 304 (or 412) that ``request``'s preconditions call for, or None to go on and
    render. If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)."""
    response = get_conditional_response(
        request, etag=validators.etag, last_modified=validators.sendable_last_modified()
    )
    if response is not None and response.status_code == 304:
        cacheable(response, validators)
    return response


def cacheable(response: HttpResponseBase, validators: Validators) -> HttpResponseBase:
    """Mark ``response`` as the same for every reader: shared caches may keep it."""
    response["ETag"] = validators.etag
    if (last_modified := validators.sendable_last_modified()) is not None:
        response["Last-Modified"] = http_date(last_modified)
    elif "Last-Modified" in response:  # e.g. the feed's own, from its newest entry
        del response["Last-Modified"]
    public(response)
    return response


def public(response: HttpResponseBase) -> HttpResponseBase:
    patch_cache_control(response, public=True, max_age=settings.HTTP_MAX_AGE, s_maxage=settings.HTTP_SHARED_MAX_AGE)
    return response


def conditional(validate: Callable[..., Validators]) -> Callable[[View], View]:
    """Decorate a public view: ``validate(request, *args, **kwargs)`` gives its validators
    (cheaply: it runs before the view, also for requests answered 304); a matching
    conditional GET never reaches the view, and successful responses carry the
    validators and public Cache-Control."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            validators = validate(request, *args, **kwargs)
            if (early := not_modified(request, validators)) is not None:
                return early
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cacheable(response, validators)
            return response

        return wrapper

    return decorator


def _read_model(request: HttpRequest, *args: Any, **kwargs: Any) -> Validators:
    return read_model_validators(request.get_full_path())


read_model_page = conditional(_read_model)
"""A page made only from the read model: home, A–Z, categories, conditions, feed, sitemap."""
