from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from reviews.provenance import signing
from reviews.readmodel import publishing


class Command(BaseCommand):
    help = (
        "Sign the live articles with the current SIGNING_KEY: those signed with a retired key or not at all "
        "(--all: every one). Run it after rotating the key. Snapshots that do not match their sign-off are "
        "never signed: they are listed and the command exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="re-sign every live article, not only those that need it"
        )

    def handle(self, *args, all, **options):  # noqa: A002 - the option's name
        try:
            result = publishing.sign_live_articles(everything=all)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        key = signing.current_key_id()
        self.stdout.write(self.style.SUCCESS(f"Signed {len(result.signed)} live article(s) with key {key}."))
        if result.refused:
            for slug in result.refused:
                self.stderr.write(f"Not signed: {slug}: its snapshot does not match its sign-off (verify_audit_log).")
            raise CommandError(f"{len(result.refused)} article(s) not signed: they do not match their sign-off.")
