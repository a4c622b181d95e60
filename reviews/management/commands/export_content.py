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
        parser.add_argument(
            "--include-secrets",
            action="store_true",
            help="also write password hashes, second-factor seeds and recovery codes: whoever reads the file "
            "can then try passwords offline and make login codes. Without it, accounts are restored without "
            "passwords or second factors.",
        )

    def handle(self, *args, path, include_secrets, **options):
        if path == "-":
            count = export_content(sys.stdout, secrets=include_secrets)
        else:
            with open(path, "w", encoding="utf-8") as stream:
                count = export_content(stream, secrets=include_secrets)
            held = (
                "WITH password hashes, second-factor seeds and recovery codes: keep it as you keep the database"
                if include_secrets
                else "without passwords or second factors"
            )
            self.stdout.write(self.style.SUCCESS(f"Exported {count} records to {path}, {held}."))
