"""The public site as static files: every public page rendered through the real URL,
view and middleware stack, written where nginx, a CDN or an object store serves it as
it is (docs/deployment.md): a folder, or S3-compatible storage (stores.py, bucket.py).

A page's file is named for its address: ``/symptoms/x/`` → ``symptoms/x/index.html``, the
feed → ``feeds/reviewed/index.atom``, ``/sitemap.xml`` as it is. A withdrawn article's 410
page is ``symptoms/x/410.html`` (the server answers 410 with it when that file exists).
In a folder, each file is written atomically (a temporary file, then a rename) beside a
gzip and a brotli copy, and only when its bytes changed.

``export_site`` registers where it wrote as a mirror (public/models.py). From then on each
sign-off or withdrawal, whatever process makes it, enqueues in its own transaction one
``update_mirror`` job per mirror, which rewrites the pages the change touched
(``changed_paths``) and is retried until it succeeds; verify.py compares a mirror with
the live site.
"""

import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.http import HttpResponseBase
from django.test import RequestFactory
from django.urls import reverse
from django_tasks import TaskContext, task
from django_tasks_db.models import DBTaskResult

from .. import jobs, queries
from . import mirrors
from .files import GONE, MARKER, Summary, file_for, gone_for, path_for, static_prefix
from .pages import Showing, letter_paths, linking, showing, site_paths
from .stores import Files, Store, open_store

logger = logging.getLogger(__name__)

SHOWN = 10  # pages an export that failed names
UPDATE = "public.export.update_mirror"
BATCH = 500  # updates of one mirror written in one pass, at most

__all__ = [
    "GONE",
    "Showing",
    "changed_paths",
    "enqueue_updates",
    "export_pages",
    "export_mirrors",
    "export_site",
    "file_for",
    "path_for",
    "render",
    "showing",
    "site_paths",
    "update_mirror",
]


def handler() -> BaseHandler:
    """The request handler with the project's middleware (one per export)."""
    loaded = BaseHandler()
    loaded.load_middleware()
    return loaded


def render(path: str, *, using: BaseHandler | None = None) -> HttpResponseBase:
    """The live response to an anonymous GET of ``path`` at SITE_URL's host, uncompressed
    (no Accept-Encoding): the same bytes a reader gets from the server, through the same
    URL resolver, views and middleware (but without the request signals)."""
    site = urlsplit(settings.SITE_URL)
    request = RequestFactory().get(path, HTTP_HOST=site.netloc, secure=site.scheme == "https")
    # Not response.close(): it sends request_finished, which may close the database
    # connection the sign-off's caller is still using.
    return (using or handler()).get_response(request)


def keep(summary: Summary, files: Files, response: HttpResponseBase, relative: str, *, drop: str | None) -> None:
    """Write ``response`` as the file at ``relative`` and remove the one at ``drop`` (a
    page and its 410 page never stand side by side)."""
    content = response.content  # type: ignore[attr-defined]
    summary.pages += 1
    summary.bytes += len(content)
    summary.files.add(relative)
    if files.write(relative, content):
        summary.written.append(relative)
    if drop and files.remove(drop):
        summary.removed.append(drop)


def export_pages(files: Files, paths: Iterable[str], summary: Summary | None = None) -> Summary:
    """Render ``paths`` in the order given and bring their files up to date: a page's file
    (or a withdrawn article's 410 page) is written, the file of a page that is no longer
    there (404) is removed. A page that answers anything else keeps its old file and the
    export goes on with the others, then fails naming it: one broken page never leaves
    the rest (a withdrawal above all) unwritten."""
    summary = summary or Summary()
    loaded = handler()
    failed: list[str] = []
    first_error = ""
    for path in dict.fromkeys(paths):
        try:
            response = render(path, using=loaded)
        except Exception as error:
            logger.exception("Static export: %s could not be rendered.", path)
            failed.append(f"{path} (error)")
            first_error = first_error or f"{type(error).__name__}: {error}"
            continue
        relative = file_for(path)
        gone = gone_for(relative)
        if response.status_code == 200:
            keep(summary, files, response, relative, drop=gone)
        elif response.status_code == 410 and gone:
            keep(summary, files, response, gone, drop=relative)
        elif response.status_code == 404:
            for stale in filter(None, (relative, gone)):
                if files.remove(stale):
                    summary.removed.append(stale)
        else:
            failed.append(f"{path} ({response.status_code})")
    if failed:
        named = ", ".join(failed[:SHOWN]) + (", …" if len(failed) > SHOWN else "")
        because = f" The first error: {first_error}" if first_error else ""
        raise RuntimeError(f"{len(failed)} page(s) not exported, their old files kept: {named}.{because}")
    return summary


def export_site(location: str | Path | Store, *, static_root: Path | None = None) -> Summary:
    """Export every public page and the collected static files to ``location`` (a folder or
    ``s3://bucket/prefix``), register it as a mirror and make the export what it serves.
    A folder is brought up to date in place (the files of pages no longer public are
    removed); in a bucket the export is a new prefix, then made live. Sign-offs' updates
    of the mirror wait until it is done, then update what it wrote."""
    started = time.perf_counter()
    store = open_store(location) if isinstance(location, str | Path) else location
    with mirrors.holding(store.location):
        clock = jobs.primary_clock()
        files = store.begin()
        summary = export_pages(files, sorted(site_paths()))
        store.put_static(files, static_root or Path(settings.STATIC_ROOT), static_prefix(), summary)
        store.finish(files, summary, clock)
        mirrors.exported(store.location, clock)
    summary.seconds = time.perf_counter() - started
    return summary


@task(queue_name="daily")
def export_mirrors(attempt: int = 0, error: str = "") -> dict[str, str]:
    """Export the whole site to every mirror again (daily, RECURRING_JOBS): what no sign-off
    changes (a deployment's templates and static files, a page's date) reaches the mirrors
    too. Every mirror is tried; if any failed, the job fails, naming them, and is retried.
    ``attempt`` and ``error`` are for the review dashboard."""
    done, failed = {}, {}
    for location in mirrors.locations():
        try:
            done[location] = export_site(location).line()
        except Exception as exc:
            logger.exception("Daily export: could not export %s.", location)
            failed[location] = str(exc)
    if failed:
        raise RuntimeError("; ".join(f"{location}: {why}" for location, why in failed.items()))
    return done


# After a sign-off or withdrawal.


def enqueue_updates(article_id: int, before: Showing | None, locations: Iterable[str]) -> None:
    """In the change's transaction, one job per mirror (public/apps.py calls it), with the
    pages that show the article now: what the change alters is known only after it
    commits. Without them (reading them failed), the job rewrites every page."""
    shown = before.to_json() if before is not None else None
    for location in locations:
        update_mirror.enqueue(article_id, shown, location)


def changed_paths(article_id: int, before: Showing) -> list[str]:
    """The addresses of the pages that showed the article before the change or show it
    now (and of the articles linking to it, if it went live or was withdrawn), the
    article's own first."""
    after = showing(article_id)
    slug = after.slug or before.slug or ""
    paths = set(before.paths | after.paths) | before.listing_paths(after)
    if before.letters[0] != after.letters[0]:  # every letter page's navigation changed
        paths |= letter_paths(queries.symptom_letters(), "public:index_letter") | letter_paths(
            dict.fromkeys(before.letters[0], (0, None)), "public:index_letter"
        )
    if before.letters[1] != after.letters[1]:
        paths |= letter_paths(queries.condition_letters(), "public:conditions_letter") | letter_paths(
            dict.fromkeys(before.letters[1], (0, None)), "public:conditions_letter"
        )
    if before.live != after.live:
        paths |= linking(slug)
    own = reverse("public:detail", args=[slug]) if slug else "\0"
    return sorted(paths, key=lambda path: (not path.startswith(own), path))


def everything(files: Files) -> list[str]:
    """Every public page's address, and those of the pages ``files`` holds that may be no
    longer public (their files are removed)."""
    static = static_prefix() + "/"
    held = {path_for(name) for name in files.names() if name != MARKER and not name.startswith(static)}
    return sorted(site_paths() | held)


@task(priority=40, queue_name="exports", takes_context=True)
def update_mirror(
    context: TaskContext,
    article_id: int,
    before: dict[str, Any] | None,
    location: str,
    attempt: int = 0,
    error: str = "",
) -> dict[str, Any]:
    """Rewrite the pages of the mirror at ``location`` that a change to the article touched
    (every page, if which showed it before is not known); retried with backoff until it
    succeeds. ``error`` is why the previous attempt failed, for the dashboard."""
    started, taken = time.perf_counter(), []
    try:
        if unready := jobs.replica_unready(context):
            raise RuntimeError(unready)
        with mirrors.holding(location) as mirror:
            if mirror is None:  # forgotten since (export_site --forget)
                return {"location": location, "forgotten": True}
            files = open_store(location).live()
            taken = take_waiting(location, context)
            changes = [
                (article_id, before),
                *((job.args_kwargs["args"][0], job.args_kwargs["args"][1]) for job in taken),
            ]
            lists = [
                changed_paths(changed, Showing.from_json(shown)) if shown else everything(files)
                for changed, shown in changes
            ]
            # Each article's own page first (a withdrawal takes effect even if another page fails).
            summary = export_pages(
                files, [paths[0] for paths in lists if paths] + [p for paths in lists for p in paths]
            )
    except Exception as exc:
        logger.exception("Static export: could not update %s after a change to article %s.", location, article_id)
        DBTaskResult.objects.filter(pk__in=[job.pk for job in taken]).update(status="READY", started_at=None)
        jobs.retry(update_mirror, article_id, before, location, attempt=attempt, why=f"{location}: {exc}")
    for job in taken:
        job.set_successful({"location": location, "written_with": str(context.task_result.id)})
    summary.seconds = time.perf_counter() - started
    logger.info("Static export of %s after %s change(s): %s", location, len(taken) + 1, summary.line())
    return {"location": location, "changes": len(taken) + 1, "written": len(summary.written)}


def take_waiting(location: str, context: TaskContext) -> list[DBTaskResult]:
    """The other updates of the mirror at ``location`` waiting to run, claimed by this job:
    a burst of sign-offs is written in one pass (each page once), not one pass each."""
    waiting = DBTaskResult.objects.ready().filter(task_path=UPDATE, args_kwargs__args__2=location)
    taken = list(waiting.exclude(pk=context.task_result.id).select_for_update(skip_locked=True)[:BATCH])
    for job in taken:
        job.claim(context.task_result.worker_ids[-1] if context.task_result.worker_ids else "batch")
    return taken


def rollback(location: str, name: str) -> None:
    """Make the earlier export ``name`` of the bucket at ``location`` live again: one switch,
    refused when anything was signed off or withdrawn after it was made (it would show
    what is no longer true; export again instead)."""
    from .bucket import Bucket

    store = open_store(location)
    if not isinstance(store, Bucket):
        raise RuntimeError("Only an export in object storage keeps earlier exports to go back to.")
    with mirrors.holding(store.location):
        made, now = store.made_at(name), jobs.primary_clock()
        if made is None:
            raise RuntimeError(f"{name} is not a finished export at {store.location}.")
        if made != now:
            raise RuntimeError(
                f"Export {name} was made at publication clock {made} and the site is at {now}: articles were "
                "signed off or withdrawn since, and it would show what is no longer true. Export again instead."
            )
        store.switch(name)
