import logging
from typing import Any

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


def _publication_changing(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    """Receiver of publication_changing, inside the change's transaction: enqueue the
    updates of every mirror of the static export (public/models.py) and the edge cache's
    purge (EDGE_PURGE_URLS), with the pages showing the article now, read once. Imported
    only when a change happens, not in every server process at start-up (the exporter
    brings Django's test client with it)."""
    from . import edge, export
    from .export import mirrors

    locations = mirrors.locations()
    if not (locations or settings.EDGE_PURGE_URLS):
        return
    try:
        before: export.Showing | None = export.showing(article_id)
    except Exception:  # never stops a sign-off or a withdrawal: the jobs then rewrite and purge every page
        logger.exception("Could not read the pages showing article %s.", article_id)
        before = None
    if locations:
        export.enqueue_updates(article_id, before, locations)
    if settings.EDGE_PURGE_URLS:
        edge.enqueue_purge(article_id, before)


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from reviews.readmodel.signals import publication_changing

        # Enqueues the static export's updates and the edge cache's purge in the change's
        # own transaction.
        publication_changing.connect(_publication_changing, dispatch_uid="public-pages")
        from . import schedule  # noqa: F401 - registers the check of RECURRING_JOBS
