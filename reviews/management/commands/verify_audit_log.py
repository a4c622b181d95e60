from django.core.management.base import BaseCommand, CommandError

from reviews.audit import verify_chain


class Command(BaseCommand):
    help = "Check the review audit log's hash chain; exit non-zero at the first altered or removed event."

    def handle(self, *args, **options):
        problem, checked = verify_chain()
        if problem:
            raise CommandError(f"Audit log broken: {problem}")
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} event(s) verified."))
