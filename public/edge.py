"""The edge cache in front of the app servers (Varnish with the xkey vmod, deploy/varnish/)
and how a sign-off reaches it.

Every response shared caches may keep (``Cache-Control: public``) names what it shows in
its ``xkey`` header: its address (``path:/symptoms/x/``, whatever the query string), whose
page it is (``article:x``, ``condition:x``, ``category:x``, ``reviewer:x``), what kind
(``listing``, ``feed``, ``sitemap``, ``api``) and ``site``. The edge indexes what it keeps by
those tags and does not pass the header on to readers.

A sign-off, withdrawal or annual confirmation enqueues one ``purge_edge`` job inside its
own transaction (``enqueue_purge``): the job exists exactly when the change
committed, whichever process made it. The worker (``manage.py run_jobs``) runs it after
the commit: it waits until the read replica (if any) has replayed the change, works out
the pages the change touched, the set the static export rewrites
(``export.changed_paths``), and asks every edge in EDGE_PURGE_URLS to drop them and the
API's responses. Until every edge has said yes the job runs again, with backoff; the
review dashboard shows the jobs that are being retried.

A page an app server rendered from the old state while the change committed could reach
the edge after the purge. So each page says which state it was made from (the publication
clock, read before it is rendered, or earlier when it uses a row a process kept), each
purge says the state after its change, and the edge keeps no page made from an earlier
state than the latest purge's.
"""

import contextvars
import http.client
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_max_age
from django.utils.encoding import iri_to_uri
from django_tasks import TaskContext, task

from reviews.readmodel.models import PublicationClock, TranslationPublication

from . import jobs, replica

if TYPE_CHECKING:
    from .export import Showing

logger = logging.getLogger(__name__)

TAG_HEADER = "xkey"
PURGE_HEADER = "xkey-purge"  # deploy/varnish/symptomsite.vcl reads the tags to purge from it
CLOCK_HEADER = "X-Publication-Clock"  # the state a page was made from; with a purge, the state after it
MAX_HEADER = 6000  # bytes of tags in one purge request (Varnish's default limit is 8 KiB)
TIMEOUT = 5.0  # seconds an edge has to answer a purge

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
        # The state the page is made from, read before it is: the edge keeps no page made
        # from an earlier state than the latest change it purged (deploy/varnish/).
        labelled = settings.EDGE_PURGE_URLS and request.method in ("GET", "HEAD")
        token = _made_from.set(publication_clock() if labelled else None)
        try:
            response = self.get_response(request)
            clock = _made_from.get()
        finally:
            _made_from.reset(token)
        if "public" in response.get("Cache-Control", "") and get_max_age(response) is not None:
            response[TAG_HEADER] = " ".join(tags(request))
            if clock is not None:
                response[CLOCK_HEADER] = str(clock)
        return response


_made_from: contextvars.ContextVar[int | None] = contextvars.ContextVar("made_from", default=None)


def made_from(version: int | None) -> None:
    """Note that the page being made uses what was read at publication clock ``version``
    (a row a process kept from an earlier request: public/publication_rows.py)."""
    current = _made_from.get()
    if version is not None and current is not None and version < current:
        _made_from.set(version)


def publication_clock() -> int:
    """The publication clock's version (reviews' PublicationClock: moved by every change),
    from the database readers read (the primary, if the replica fails)."""
    clock = PublicationClock.objects.filter(pk=1).values_list("version", flat=True)
    try:
        return clock.first() or 0
    except DatabaseError as error:
        replica.fall_back(error)
        return clock.using("default").first() or 0


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


def purge(url: str, names: Iterable[str], clock: int = 0) -> int:
    """Ask the edge at ``url`` to drop everything tagged with any of ``names``; the number
    of objects it dropped. Raises OSError or EdgeRefused unless it acknowledges."""
    parts = urlsplit(url)
    dropped = 0
    for header in batches(names):
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=TIMEOUT)
        try:
            connection.request("PURGE", parts.path or "/", headers={PURGE_HEADER: header, "xkey-clock": str(clock)})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise EdgeRefused(f"{response.status} {response.reason}")
        dropped += int(response.getheader("xkey-purged") or 0)
    return dropped


def purge_tags(article_id: int, before: dict[str, Any] | None) -> list[str]:
    """The tags of every page a change to the article touched, the API's with them; every
    page's, when what showed the article before the change is not known."""
    from .export import Showing, changed_paths

    if before is None:
        return ["site"]
    paths = changed_paths(article_id, Showing.from_json(before))
    return ["api", *(path_tag(path) for path in paths), *translated_tags(article_id)]


def translated_tags(article_id: int) -> list[str]:
    """The pages of the article in other languages (tagged by their own slug, which an
    English rename leaves behind), and each language's pages that list articles: the
    home page, the feed and the sitemap of translations."""
    slugs = TranslationPublication.objects.filter(article_id=article_id).values_list("slug", flat=True)
    found = [f"article:{iri_to_uri(slug)}" for slug in slugs]
    for language, _ in settings.LANGUAGES[1:]:
        with translation.override(language):
            found += [path_tag(reverse("public:home")), path_tag(reverse("public:feed"))]
    return [*found, path_tag(reverse("sitemap_section", args=["translations", 1]))]


def _purge_everywhere(names: list[str], failures: list[str], clock: int) -> int:
    """Purge ``names`` from every edge; the objects dropped. Adds the edges that failed to ``failures``."""
    dropped = 0
    for url in settings.EDGE_PURGE_URLS:
        try:
            dropped += purge(url, names, clock)
        except (OSError, EdgeRefused) as exc:
            failures.append(f"{url}: {exc}")
    return dropped


@task(priority=50, takes_context=True)
def purge_edge(
    context: TaskContext, article_id: int, before: dict[str, Any] | None, attempt: int = 0, error: str = ""
) -> dict[str, float]:
    """Purge the pages a change to the article touched from every edge (see the module's
    doc): how many cached objects it dropped, and how many seconds after it started the
    article's own pages and all of them were purged. ``error`` is why the previous attempt
    failed, for the dashboard."""
    started, dropped, failures = time.monotonic(), 0, []
    # Until the replica readers are served from has the change, the edge would fetch the old page again.
    if unready := jobs.replica_unready(context):
        failures.append(unready)
    # The article's own pages at once (a withdrawal is urgent), then every page the change touched.
    clock = jobs.primary_clock()
    if not failures and before and before.get("slug"):
        dropped += _purge_everywhere([f"article:{iri_to_uri(before['slug'])}"], failures, clock)
    own = time.monotonic() - started
    if not failures:
        dropped += _purge_everywhere(purge_tags(article_id, before), failures, clock)
    if failures:
        jobs.retry(purge_edge, article_id, before, attempt=attempt, why="; ".join(failures))
    logger.info("Edge purge for article %s: %s objects dropped.", article_id, dropped)
    return {"dropped": dropped, "own_pages_after": round(own, 3), "all_after": round(time.monotonic() - started, 3)}


def enqueue_purge(article_id: int, before: "Showing | None") -> None:
    """Enqueue the purge in the change's transaction, with the pages that show the article
    now (what the change alters is known only after it commits). Without them (reading
    them failed), the job purges everything rather than leave a page stale."""
    purge_edge.enqueue(article_id, before.to_json() if before is not None else None)
