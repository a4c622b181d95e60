from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from public.export import export_site


class Command(BaseCommand):
    help = (
        "Write every public page, the sitemap, the feed, robots.txt and the collected static "
        "files to DIR (default STATIC_EXPORT_DIR), for nginx, a CDN or an object store to "
        "serve as they are; remove the files of pages that are no longer public."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", help="where to write (default: STATIC_EXPORT_DIR)")
        parser.add_argument("--static-root", help="collectstatic's output to copy (default: STATIC_ROOT)")

    def handle(self, *args: Any, directory: str | None, static_root: str | None, **options: Any) -> None:
        target = directory or settings.STATIC_EXPORT_DIR
        if not target:
            raise CommandError("Name a directory, or set STATIC_EXPORT_DIR.")
        try:
            summary = export_site(Path(target), static_root=Path(static_root) if static_root else None)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Exported {target}: {summary.line()}")
