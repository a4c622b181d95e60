from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.provenance import log, signing
from reviews.provenance.audit import check_anchor, latest_anchor, verify_chain, write_anchor


class Command(BaseCommand):
    help = (
        "Append the audit chain's head (sequence number and hash) to AUDIT_ANCHOR_FILE, outside the "
        "database, for verify_audit_log to compare against. Run it from cron, e.g. hourly. It refuses to "
        "anchor a chain that does not verify, against the last anchor and against the public review log "
        "(whose statements name the events that recorded them): a cut chain is never anchored."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor-file", default=settings.AUDIT_ANCHOR_FILE)

    def handle(self, *args, anchor_file, **options):
        problem, _ = verify_chain()
        problems = [problem] if problem else []
        if anchored := check_anchor(latest_anchor(anchor_file)):
            problems.append(anchored)
        problems += log.verify_log(signing.keyring())
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"Not anchored: the audit log does not verify: {problems[0]}")
        anchor = write_anchor(anchor_file)
        self.stdout.write(f"Anchored event #{anchor['seq']} {anchor['hash']} at {anchor['at']} in {anchor_file}")
