from typing import Any

from django.apps import AppConfig


def _rewrite_export(sender: Any, **kwargs: Any) -> None:
    """Receiver of publication_changing that imports the exporter when a sign-off or
    withdrawal happens, not in every server process at start-up (readers' pages never
    export, and the exporter brings Django's test client with it)."""
    from .export import on_publication_changing

    on_publication_changing(sender, **kwargs)


def _purge_edge(sender: Any, **kwargs: Any) -> None:
    """Receiver of publication_changing: the edge purge's job (EDGE_PURGE_URLS)."""
    from .edge import on_publication_changing

    on_publication_changing(sender, **kwargs)


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from reviews.readmodel.signals import publication_changing

        # Rewrites the static export after a sign-off or withdrawal (STATIC_EXPORT_DIR).
        publication_changing.connect(_rewrite_export, dispatch_uid="static-export")
        # Enqueues the edge cache's purge in the same transaction (EDGE_PURGE_URLS).
        publication_changing.connect(_purge_edge, dispatch_uid="edge-purge")
