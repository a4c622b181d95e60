from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import BaseCommand, CommandError

from reviews.operations.backup import RestoreError, import_content


class Command(BaseCommand):
    help = (
        "Restore a file written by export_content into an empty, migrated database; the audit chain and "
        "every seal are verified before anything is kept (AUDIT_KEY must be the one the backup was sealed with)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            checked = import_content(path)
        except RestoreError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {path}: {checked} audit event(s) verified, records sealed."))
        without = get_user_model().objects.filter(password__startswith=UNUSABLE_PASSWORD_PREFIX).count()
        if without:
            self.stdout.write(
                f"{without} account(s) have no password: the backup was written without secrets. Each sets one "
                "(manage.py changepassword NAME, or the password reset), then sets up a second factor again."
            )
