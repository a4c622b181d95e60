from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.operations.verification import verify_all


class Command(BaseCommand):
    help = (
        "Check the audit log's sealed chain against the latest anchor, and every revision, "
        "sign-off and publication against its seal and content hash; exit non-zero on any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor-file", default=settings.AUDIT_ANCHOR_FILE)

    def handle(self, *args, anchor_file, **options):
        problems, checked = verify_all(anchor_file=anchor_file)
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(problems[0])
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} event(s) verified, records sealed."))
