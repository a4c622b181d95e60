from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from public.export import mirrors
from public.export.stores import open_store
from public.export.verify import differences


class Command(BaseCommand):
    help = (
        "Compare each mirror of the static export (or LOCATION) with the live site: every page "
        "byte for byte, 410 pages, compressed copies, no leftover pages, the static files. "
        "Exits 1 naming each difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("locations", nargs="*", help="a folder or s3://bucket/prefix (default: every mirror)")
        parser.add_argument("--static-root", help="collectstatic's output to expect (default: STATIC_ROOT)")

    def handle(self, *args: Any, locations: list[str], static_root: str | None, **options: Any) -> None:
        chosen = locations or mirrors.locations()
        if not chosen:
            raise CommandError("No mirror is registered (export_site registers one): name a location.")
        failed = 0
        for named in chosen:
            location = open_store(named).location  # as the mirror is registered
            try:
                pages, found = differences(location, static_root=Path(static_root) if static_root else None)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            for line in found:
                self.stderr.write(f"{location}: {line}")
            if found:
                failed += 1
                self.stderr.write(f"{location}: {len(found)} difference(s) from the live site in {pages} pages.")
            else:
                self.stdout.write(f"{location}: {pages} pages, each exactly the live site's.")
        if not Path(static_root or settings.STATIC_ROOT).is_dir():
            self.stderr.write("STATIC_ROOT does not exist here: the static files were not checked.")
        if failed:
            raise CommandError(f"{failed} of {len(chosen)} mirror(s) differ from the live site.", returncode=1)
