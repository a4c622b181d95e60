from django.core.management.base import BaseCommand
from django.db import transaction

from reviews.readmodel import publishing


class Command(BaseCommand):
    help = (
        "Rebuild the read model (categories, condition listings, care statements, search rows, A–Z "
        "letters, condition and category summaries, vocabulary) of every publication from its live "
        "revision's snapshot. Run after an upgrade that changes what is indexed; what readers see does "
        "not change."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = publishing.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the read model of {count} publication(s)."))
