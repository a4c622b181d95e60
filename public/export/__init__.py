"""The public site as static files: every public page rendered through the real URL,
view and middleware stack, written where nginx, a CDN or an object store serves it as
it is (docs/deployment.md).

A page's file is named for its address: ``/symptoms/x/`` → ``symptoms/x/index.html``, the
feed → ``feeds/reviewed/index.atom``, ``/sitemap.xml`` as it is. A withdrawn article's 410
page is ``symptoms/x/410.html`` (the server answers 410 with it when that file exists).
Each file is written atomically (a temporary file, then a rename) beside a gzip and, with
the brotli package, a brotli copy, and only when its bytes changed.

With ``settings.STATIC_EXPORT_DIR`` set, a sign-off or withdrawal rewrites the pages it
changes once its transaction commits (``rewrite_after_commit``); an export that fails
is logged and never fails the sign-off.
"""

import logging
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.db import transaction
from django.http import HttpResponseBase
from django.test import RequestFactory
from django.urls import reverse

from .. import queries
from .files import GONE, MARKER, Summary, copy_static, file_for, remove, write
from .pages import Showing, letter_paths, linking, showing, site_paths

logger = logging.getLogger(__name__)

__all__ = [
    "GONE",
    "Showing",
    "changed_paths",
    "export_change",
    "export_pages",
    "export_site",
    "file_for",
    "rewrite_after_commit",
    "render",
    "showing",
    "site_paths",
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


def keep(summary: Summary, directory: Path, response: HttpResponseBase, relative: str, *, drop: str | None) -> None:
    """Write ``response`` as the file at ``relative`` and remove the one at ``drop`` (a
    page and its 410 page never stand side by side)."""
    content = response.content  # type: ignore[attr-defined]
    summary.pages += 1
    summary.bytes += len(content)
    summary.files.add(relative)
    if write(directory, relative, content):
        summary.written.append(relative)
    if drop and remove(directory, drop):
        summary.removed.append(drop)


def export_pages(directory: Path, paths: Iterable[str], summary: Summary | None = None) -> Summary:
    """Render ``paths`` in the order given and bring their files up to date: a page's file
    (or a withdrawn article's 410 page) is written, the file of a page that is no longer
    there (404) is removed. A page that answers anything else keeps its old file and the
    export goes on with the others, then fails naming it: one broken page never leaves
    the rest (a withdrawal above all) unwritten."""
    summary = summary or Summary()
    loaded = handler()
    failed: list[str] = []
    for path in dict.fromkeys(paths):
        try:
            response = render(path, using=loaded)
        except Exception:
            logger.exception("Static export: %s could not be rendered.", path)
            failed.append(f"{path} (error)")
            continue
        relative = file_for(path)
        gone = str(Path(relative).with_name(GONE)) if relative.endswith("/index.html") else None
        if response.status_code == 200:
            keep(summary, directory, response, relative, drop=gone)
        elif response.status_code == 410 and gone:
            keep(summary, directory, response, gone, drop=relative)
        elif response.status_code == 404:
            for stale in filter(None, (relative, gone)):
                if remove(directory, stale):
                    summary.removed.append(stale)
        else:
            failed.append(f"{path} ({response.status_code})")
    if failed:
        raise RuntimeError(f"Not exported, their old files kept: {', '.join(failed)}.")
    return summary


def export_site(directory: Path, *, static_root: Path | None = None) -> Summary:
    """Export every public page and the collected static files to ``directory``, and
    remove the files of pages that are no longer public."""
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()) and not (directory / MARKER).is_file():
        raise RuntimeError(f"{directory} holds files that no export wrote; export to an empty directory.")
    (directory / MARKER).touch()
    summary = export_pages(directory, sorted(site_paths()))
    summary.files.add(MARKER)
    static_prefix = urlsplit(settings.STATIC_URL).path.strip("/")
    copy_static(static_root or Path(settings.STATIC_ROOT), directory, static_prefix, summary)
    for file in sorted(directory.rglob("*")):
        relative = str(file.relative_to(directory))
        if file.is_file() and relative.removesuffix(".gz").removesuffix(".br") not in summary.files:
            file.unlink()
            summary.removed.append(relative)
    for folder in sorted((d for d in directory.rglob("*") if d.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    summary.seconds = time.perf_counter() - started
    return summary


# After a sign-off or withdrawal.


def rewrite_after_commit(article_id: int, before: Showing) -> None:
    """Once the change being made commits, rewrite the exported pages that showed the
    article ``before`` it and those that show it then (public/apps.py calls it)."""
    directory = Path(settings.STATIC_EXPORT_DIR)
    transaction.on_commit(partial(export_change, directory, article_id, before), robust=True)


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


def export_change(directory: Path, article_id: int, before: Showing) -> Summary | None:
    """Rewrite the exported pages that the change touched (``changed_paths``)."""
    started = time.perf_counter()
    try:
        # The article's own files first: a withdrawal must take effect even if another page fails.
        summary = export_pages(directory, changed_paths(article_id, before))
    except Exception:
        logger.exception("Static export: could not rewrite the pages of article %s; run export_site.", article_id)
        return None
    summary.seconds = time.perf_counter() - started
    logger.info("Static export after a change to article %s: %s", article_id, summary.line())
    return summary
