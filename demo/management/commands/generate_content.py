"""Generate test content at scale, through the real review workflow (demo/generate.py)."""

from django.core.management.base import BaseCommand, CommandError

from ...generate import GenerateError, generate


class Command(BaseCommand):
    help = (
        "Write N generated test articles listing M generated conditions, each submitted by a generator "
        "editor and signed off by a generator reviewer. For measuring and testing, never for readers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles to write (at least 1).")
        parser.add_argument(
            "--conditions", type=int, required=True, help="How many shared conditions they list (at least 16)."
        )
        parser.add_argument("--seed", type=int, default=1, help="The random seed: the same seed, the same content (1).")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Processes signing off side by side (PostgreSQL only; the same content whatever the number) (1).",
        )

    def handle(self, *args, articles, conditions, seed, jobs=1, verbosity=1, **options):
        progress = self.progress if verbosity >= 2 else None
        try:
            result = generate(articles=articles, conditions=conditions, seed=seed, jobs=jobs, progress=progress)
        except GenerateError as error:
            raise CommandError(str(error)) from error
        signoffs = sorted(result.signoff_seconds)
        median = signoffs[len(signoffs) // 2] * 1000
        self.stdout.write(
            f"Generated {result.articles} articles, {result.conditions} conditions, {result.categories} categories, "
            f"{result.listings} condition listings (seed {seed}) in {result.seconds:.1f} s; "
            f"approve median {median:.1f} ms"
            + (f"; {jobs} jobs, {result.retried} deadlocked steps tried again" if jobs > 1 else "")
        )

    def progress(self, done, total):
        self.stdout.write(f"  {done}/{total} articles signed off")
