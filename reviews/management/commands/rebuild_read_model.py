from django.core.management.base import BaseCommand
from django.db import transaction

from reviews import listings, publishing, search_index
from reviews.models import Publication, SearchCondition


class Command(BaseCommand):
    help = (
        "Rebuild the read model (categories, condition listings, care statements, search rows, A–Z "
        "letters, condition and category summaries, "
        "vocabulary) of every publication from its live revision's snapshot. Run after an upgrade that "
        "changes what is indexed; what readers see does not change."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        for publication in Publication.objects.select_related("revision").iterator(chunk_size=200):
            publishing.write_read_model(publication, publication.revision.snapshot)
            count += 1
        slugs = set(SearchCondition.objects.values_list("slug", flat=True))
        search_index.refresh_conditions(slugs)
        search_index.rebuild_vocabulary()
        listings.rebuild()  # letters, and the condition and category summaries (orphans dropped)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the read model of {count} publication(s)."))
