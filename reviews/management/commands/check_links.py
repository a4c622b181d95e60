from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.operations.links import check_links


class Command(BaseCommand):
    help = (
        "Check the reference URLs of live and waiting revisions and record what each answered; the review "
        "dashboard lists the broken and redirected ones. Safe to run daily from cron: a second run the same "
        "day checks only the failures again. Exits 0 whatever it finds (it is a report)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Check again the URLs that worked earlier today too.")
        parser.add_argument(
            "--timeout",
            type=float,
            default=settings.LINK_CHECK_TIMEOUT,
            help="Seconds to wait for each answer (default LINK_CHECK_TIMEOUT: %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.LINK_CHECK_WORKERS,
            help="Hosts checked at once; each host gets one request at a time (default LINK_CHECK_WORKERS: "
            "%(default)s).",
        )

    def handle(self, *args, **options):
        if options["timeout"] <= 0 or options["workers"] < 1:
            raise CommandError("--timeout must be more than 0 and --workers at least 1.")
        summary = check_links(recheck_all=options["all"], timeout=options["timeout"], workers=options["workers"])
        if options["verbosity"] > 1:
            for result in summary.problems:
                where = f" -> {result.final_url}" if result.final_url else ""
                answer = f" HTTP {result.http_status}" if result.http_status else ""
                self.stdout.write(f"  {result.status:<10} {result.url}{where}{answer} {result.error}".rstrip())
        for line in summary.lines():
            self.stdout.write(line)
        if summary.warning():
            self.stderr.write(summary.warning())
