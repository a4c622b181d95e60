from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from reviews.signals import publication_changing

        from .export import on_publication_changing

        # Rewrites the static export after a sign-off or withdrawal (STATIC_EXPORT_DIR).
        publication_changing.connect(on_publication_changing, dispatch_uid="static-export")
