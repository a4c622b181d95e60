import logging
from typing import Any

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


def _publication_changing(sender: Any, *, article_id: int, **kwargs: Any) -> None:
    """Receiver of publication_changing, inside the change's transaction: read once which
    pages show the article now, for the static export (STATIC_EXPORT_DIR) and the edge
    cache (EDGE_PURGE_URLS). Imported only when a change happens, not in every server
    process at start-up (the exporter brings Django's test client with it)."""
    if not (settings.STATIC_EXPORT_DIR or settings.EDGE_PURGE_URLS):
        return
    from . import edge, export

    try:
        before: export.Showing | None = export.showing(article_id)
    except Exception:  # never stops a sign-off or a withdrawal
        logger.exception("Could not read the pages showing article %s.", article_id)
        before = None
    if settings.STATIC_EXPORT_DIR and before is not None:
        export.rewrite_after_commit(article_id, before)
    if settings.EDGE_PURGE_URLS:
        edge.enqueue_purge(article_id, before)


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from reviews.readmodel.signals import publication_changing

        # Rewrites the static export after a sign-off or withdrawal, and enqueues the edge
        # cache's purge in the same transaction.
        publication_changing.connect(_publication_changing, dispatch_uid="public-pages")
