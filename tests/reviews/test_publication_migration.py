"""reviews.0006 and articles.0010 move publication state from the articles app into
Publication and its read model without losing any of it: on the demo content, migrating
back to the old tables and forward again gives the same rows and byte-identical pages."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviews.models import (
    CategoryListing,
    ConditionListing,
    Publication,
    SearchDocument,
    SearchTerm,
    TranslationPublication,
)
from reviews.operations.verification import verify_records
from tests.factories import UserFactory
from tests.helpers import public_pages

pytestmark = [pytest.mark.dialect, pytest.mark.slow]

BEFORE = [("articles", "0009_search_synonyms_drop_live_categories"), ("reviews", "0005_revision_contributors")]


PUBLICATION_COLUMNS = [field.attname for field in Publication._meta.concrete_fields if field.name != "seal"]


def state():
    return {
        # The seal aside: the move seals each row again, over what a seal covered then.
        "publications": sorted(Publication.objects.values_list(*PUBLICATION_COLUMNS)),
        "categories": sorted(CategoryListing.objects.values_list("publication", "slug", "name", "record")),
        "listings": sorted(
            ConditionListing.objects.values_list(*[f.attname for f in ConditionListing._meta.fields][1:])
        ),
        "search": sorted(SearchDocument.objects.values_list("publication", "title", "conditions", "lead", "body")),
        "terms": sorted(SearchTerm.objects.values_list("term", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.unattributed  # no set-up account: old schemas cannot hold account events
@pytest.mark.usefixtures("account_audit_paused", "roles")
def test_publication_state_survives_the_move_both_ways(client):
    from reviews.workflow import services

    call_command("load_demo", verbosity=0)
    # Translations' tables came later (reviews.0024): the way back drops them, so the
    # pages are compared without the demo's translations.
    TranslationPublication.objects.all().delete()
    admin = UserFactory(username="migration-admin", is_superuser=True, is_staff=True)
    services.withdraw(article=Publication.objects.get(slug="back-pain").article, by=admin, reason="check")
    slugs = list(Publication.objects.values_list("slug", flat=True))
    call_command("rebuild_read_model", verbosity=0)  # both sides in the rebuilt form
    before_state, before_pages = state(), public_pages(client, slugs)
    assert before_pages["/symptoms/back-pain/"][0] == 410

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # copies the state back onto the articles app's tables
    old = executor.loader.project_state(BEFORE).apps
    assert old.get_model("articles", "LivePage").objects.count() == len(slugs)
    assert old.get_model("articles", "Article").objects.filter(withdrawn_at__isnull=False).count() == 1
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    call_command("rebuild_read_model", verbosity=0)  # what the upgrade notes say to run

    after_state = state()
    for key in before_state:
        assert after_state[key] == before_state[key], key
    # The review log is dropped on the way back and each live article's statement logged
    # again on the way forward (rebuild_read_model), in another order: only the entry
    # numbers the pages give may differ.
    assert without_log_entries(public_pages(client, slugs)) == without_log_entries(before_pages)
    assert verify_records() == []


LOG_ENTRY = re.compile(rb'entry \d+ in our|"symptomsite:review-log-index" content="\d+"')


def without_log_entries(pages):
    return {url: (status, LOG_ENTRY.sub(b"", body)) for url, (status, body) in pages.items()}
