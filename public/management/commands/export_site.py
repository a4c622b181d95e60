from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from public.export import export_site, mirrors, rollback
from public.export.stores import open_store


class Command(BaseCommand):
    help = (
        "Write every public page, the sitemap, the feed, robots.txt and the collected static "
        "files to LOCATION (a folder, default STATIC_EXPORT_DIR, or s3://bucket/prefix) for "
        "nginx, a CDN or an object store to serve as they are, and keep it up to date after "
        "each sign-off and withdrawal (a mirror: the jobs of `run_jobs` update it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("location", nargs="?", help="where to write (default: STATIC_EXPORT_DIR)")
        parser.add_argument("--static-root", help="collectstatic's output to copy (default: STATIC_ROOT)")
        parser.add_argument("--list", action="store_true", help="list the mirrors (and a bucket's exports)")
        parser.add_argument("--forget", action="store_true", help="stop updating LOCATION after sign-offs")
        parser.add_argument("--rollback", metavar="EXPORT", help="make an earlier export of a bucket live again")

    def handle(self, *args: Any, location: str | None, static_root: str | None, **options: Any) -> None:
        if options["list"]:
            return self.list()
        target = location or settings.STATIC_EXPORT_DIR
        if not target:
            raise CommandError("Name a location, or set STATIC_EXPORT_DIR.")
        store = open_store(target)
        try:
            if options["forget"]:
                if not mirrors.forget(store.location):
                    raise CommandError(f"{store.location} is not a mirror.")
                return self.stdout.write(f"{store.location} is no longer updated after sign-offs.")
            if options["rollback"]:
                rollback(store.location, options["rollback"])
                return self.stdout.write(f"{store.location}: export {options['rollback']} is live.")
            summary = export_site(store, static_root=Path(static_root) if static_root else None)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Exported {store.location}: {summary.line()}")

    def list(self) -> None:
        from public.export.bucket import Bucket

        for mirror in mirrors.registered():
            when = f"exported {mirror.exported_at:%Y-%m-%d %H:%M}" if mirror.exported_at else "never exported"
            self.stdout.write(f"{mirror.location}  ({when}, at publication clock {mirror.clock})")
            store = open_store(mirror.location)
            if isinstance(store, Bucket):
                live = store.current()
                for name in store.exports():
                    self.stdout.write(f"    {name}{'  (live)' if name == live else ''}")
