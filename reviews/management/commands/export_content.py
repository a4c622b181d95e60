import sys

from django.core.management.base import BaseCommand

from reviews.operations.backup import export_content


class Command(BaseCommand):
    help = (
        "Write all content, revisions, sign-offs, reviewer profiles, accounts and the audit chain as one "
        "JSON file (timestamps to the microsecond, so every seal still verifies). Restore with import_content."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, or - for standard output")

    def handle(self, *args, path, **options):
        if path == "-":
            count = export_content(sys.stdout)
        else:
            with open(path, "w", encoding="utf-8") as stream:
                count = export_content(stream)
            self.stdout.write(self.style.SUCCESS(f"Exported {count} records to {path}."))
