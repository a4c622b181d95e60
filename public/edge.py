"""The edge cache in front of the app servers (Varnish with the xkey vmod, deploy/varnish/)
and how a sign-off reaches it.

Every response shared caches may keep (``Cache-Control: public``) names what it shows in
its ``xkey`` header: its address (``path:/symptoms/x/``, whatever the query string), whose
page it is (``article:x``, ``condition:x``, ``category:x``, ``reviewer:x``), what kind
(``listing``, ``feed``, ``sitemap``, ``api``) and ``site``. The edge indexes what it keeps by
those tags and does not pass the header on to readers.

A sign-off, withdrawal or annual confirmation enqueues one ``purge_edge`` job inside its
own transaction (``on_publication_changing``): the job exists exactly when the change
committed, whichever process made it. The worker (``manage.py run_jobs``) runs it after
the commit: it works out the pages the change touched, the set the static export
rewrites (``export.changed_paths``), and asks every edge in EDGE_PURGE_URLS to drop them
and the API's responses. Until every edge has said yes the job runs again, with backoff;
the review dashboard shows the jobs that are being retried. Once purged, the pages are
purged once more EDGE_REPURGE_SECONDS later, for a page rendered from the old state while
the change committed that reached the edge after the first purge.
"""

import datetime
import http.client
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.encoding import iri_to_uri
from django_tasks import task

logger = logging.getLogger(__name__)

TAG_HEADER = "xkey"
PURGE_HEADER = "xkey-purge"  # deploy/varnish/symptomsite.vcl reads the tags to purge from it
MAX_HEADER = 6000  # bytes of tags in one purge request (Varnish's default limit is 8 KiB)
TIMEOUT = 5.0  # seconds an edge has to answer a purge
BACKOFF = (1, 2, 5, 10, 30, 60)  # seconds before each retry; then every minute

# Whose page a public route shows: the tag kind, and the keyword argument naming it.
OWNERS = {
    "detail": ("article", "slug"),
    "cite_ris": ("article", "slug"),
    "cite_bib": ("article", "slug"),
    "category": ("category", "slug"),
    "condition": ("condition", "slug"),
    "reviewer": ("reviewer", "slug"),
}
KINDS = {
    "home": "listing",
    "index": "listing",
    "index_letter": "listing",
    "conditions": "listing",
    "conditions_letter": "listing",
    "feed": "feed",
}


def path_tag(path: str) -> str:
    return f"path:{iri_to_uri(path)}"


def tags(request: HttpRequest) -> list[str]:
    """What the response to ``request`` shows, as tags."""
    found = ["site", path_tag(request.path)]
    match = request.resolver_match
    if request.path.startswith("/api/"):
        found.append("api")
    elif request.path.startswith("/sitemap"):
        found.append("sitemap")
    elif match is not None and match.namespace == "public":
        if match.url_name in OWNERS:
            kind, argument = OWNERS[match.url_name]
            found.append(f"{kind}:{iri_to_uri(match.kwargs[argument])}")
        elif match.url_name in KINDS:
            found.append(KINDS[match.url_name])
    return found


class EdgeTagsMiddleware:
    """Names what each response shared caches may keep shows (see the module's doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", "") and get_max_age(response) is not None:
            response[TAG_HEADER] = " ".join(tags(request))
        return response


# Purging.


class EdgeRefused(Exception):
    """An edge answered a purge with something other than 200."""


def batches(names: Iterable[str], limit: int = MAX_HEADER) -> Iterator[str]:
    """``names`` joined by spaces, in as few headers of at most ``limit`` bytes as fit."""
    batch: list[str] = []
    size = 0
    for name in names:
        if batch and size + 1 + len(name) > limit:
            yield " ".join(batch)
            batch, size = [], 0
        batch.append(name)
        size += len(name) + 1
    if batch:
        yield " ".join(batch)


def purge(url: str, names: Iterable[str]) -> int:
    """Ask the edge at ``url`` to drop everything tagged with any of ``names``; the number
    of objects it dropped. Raises OSError or EdgeRefused unless it acknowledges."""
    parts = urlsplit(url)
    dropped = 0
    for header in batches(names):
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=TIMEOUT)
        try:
            connection.request("PURGE", parts.path or "/", headers={PURGE_HEADER: header})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise EdgeRefused(f"{response.status} {response.reason}")
        dropped += int(response.getheader("xkey-purged") or 0)
    return dropped


def purge_tags(article_id: int, before: dict[str, Any]) -> list[str]:
    """The tags of every page a change to the article touched, the API's with them."""
    from .export import Showing, changed_paths

    return ["api", *(path_tag(path) for path in changed_paths(article_id, Showing.from_json(before)))]


def backoff(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=BACKOFF[min(attempt, len(BACKOFF) - 1)])


@task(priority=50)
def purge_edge(article_id: int, before: dict[str, Any], attempt: int = 0, again: bool = True, error: str = "") -> int:
    """Purge the pages a change to the article touched from every edge (see the module's
    doc): the number of cached objects dropped. ``error`` is why the previous attempt
    failed, for the dashboard."""
    names = purge_tags(article_id, before)
    dropped, failures = 0, []
    for url in settings.EDGE_PURGE_URLS:
        try:
            dropped += purge(url, names)
        except (OSError, EdgeRefused) as exc:
            failures.append(f"{url}: {exc}")
    if failures:
        why = "; ".join(failures)
        retry = purge_edge.using(run_after=timezone.now() + backoff(attempt))
        retry.enqueue(article_id, before, attempt=attempt + 1, again=again, error=why)
        raise EdgeRefused(f"Not purged (attempt {attempt + 1}, retried): {why}")
    if again:
        later = purge_edge.using(run_after=timezone.now() + datetime.timedelta(seconds=settings.EDGE_REPURGE_SECONDS))
        later.enqueue(article_id, before, again=False)
    logger.info("Edge purge for article %s: %s tags, %s objects dropped.", article_id, len(names), dropped)
    return dropped


def on_publication_changing(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    """Receiver of publication_changing: enqueue the purge in the change's transaction,
    with the pages that show the article now (what the change will alter is known only
    after it commits)."""
    if not settings.EDGE_PURGE_URLS:
        return
    from .export import showing

    purge_edge.enqueue(article_id, showing(article_id).to_json())
