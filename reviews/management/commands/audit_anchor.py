from django.conf import settings
from django.core.management.base import BaseCommand

from reviews.provenance.audit import write_anchor


class Command(BaseCommand):
    help = (
        "Append the audit chain's head (sequence number and hash) to AUDIT_ANCHOR_FILE, outside the "
        "database, for verify_audit_log to compare against. Run it from cron, e.g. hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor-file", default=settings.AUDIT_ANCHOR_FILE)

    def handle(self, *args, anchor_file, **options):
        anchor = write_anchor(anchor_file)
        self.stdout.write(f"Anchored event #{anchor['seq']} {anchor['hash']} at {anchor['at']} in {anchor_file}")
