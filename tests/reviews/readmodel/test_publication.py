"""Publication and its queries: what readers may see (``public()``), what is due, what
shows a changed shared record, and the row the article page reads."""

import datetime

import pytest
from django.utils import timezone

from reviews.readmodel.models import ConditionListing, Publication, PublicationClock
from reviews.workflow import services
from tests.factories import CategoryFactory, full_article, publish

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]


def published(days_ago, **kwargs):
    article = full_article(**kwargs, live=False)
    publish(article, now=timezone.now() - datetime.timedelta(days=days_ago))
    return Publication.objects.get(article=article)


def test_public_leaves_out_withdrawn_articles(site_admin):
    shown, gone = published(1), published(2)
    services.withdraw(article=gone.article, by=site_admin, reason="check")
    assert list(Publication.objects.public()) == [shown]
    assert list(Publication.objects.withdrawn()) == [Publication.objects.get(pk=gone.pk)]


def test_due_for_review_and_overdue(settings, site_admin):
    settings.REVIEW_INTERVAL_DAYS = 365
    today = timezone.localdate()
    soon, fresh, late, late_withdrawn = published(350), published(10), published(400), published(400)
    services.withdraw(article=late_withdrawn.article, by=site_admin, reason="check")
    due = Publication.objects.due_for_review(on=today, within_days=30)
    assert set(due) == {soon, late}
    assert list(Publication.objects.overdue(on=today)) == [late]
    assert fresh not in due


def test_due_per_month_counts_public_articles_by_month_of_their_due_date(settings):
    settings.REVIEW_INTERVAL_DAYS = 365
    today = timezone.localdate()
    a, b, c = published(330), published(331), published(300)
    first = today.replace(day=1)
    counts = Publication.objects.due_per_month(first=first, months=12)
    expected = {}
    for p in (a, b, c):
        month = p.next_review_due.replace(day=1)
        expected[month] = expected.get(month, 0) + 1
    assert counts == expected and sum(counts.values()) == 3


def test_with_shared_changes_sees_renamed_conditions_and_categories(editor):
    condition_page = published(1)
    category_page = published(2)
    untouched = published(3)
    listing = condition_page.listings.exclude(condition_slug="stroke").first()  # on this page only
    condition = listing.record
    condition.gloss = "a new gloss"
    condition.save()
    category = CategoryFactory(name="Nerves")
    category_page.article.categories.add(category)
    publish(category_page.article)
    category.name = "Brain and nerves"
    category.save()
    flagged = {p.pk for p in Publication.objects.with_shared_changes() if p.shared_changes}
    assert condition_page.pk in flagged and category_page.pk in flagged and untouched.pk not in flagged
    condition.gloss = listing.gloss  # back to the reviewed wording: nothing pending
    condition.save()
    assert not Publication.objects.with_shared_changes().get(pk=condition_page.pk).shared_changes


def test_publication_clock_moves_on_every_publish_and_withdrawal(site_admin):
    first = published(1)
    before = PublicationClock.objects.get().version
    published(2)
    services.withdraw(article=first.article, by=site_admin, reason="check")
    assert PublicationClock.objects.get().version == before + 2
    assert Publication.objects.with_clock().get(pk=first.pk).clock == before + 2


def test_the_shown_row_honours_the_queryset_it_is_asked_of(site_admin):
    shown, gone = published(1, slug="shown"), published(2, slug="gone")
    services.withdraw(article=gone.article, by=site_admin, reason="check")
    # The article page asks the manager: a withdrawn article's row too (it answers 410).
    assert Publication.objects.shown_by_slug("gone").withdrawn
    # Asked of public() it keeps to what readers may see, with the same fields and clock.
    assert Publication.objects.public().shown_by_slug("gone") is None
    row = Publication.objects.public().shown_by_slug("shown", fields=("revision_id", "content_hash"))
    assert row.pk == shown.pk and row.clock == PublicationClock.objects.get().version
    assert {"title", "history"} <= row.get_deferred_fields()


def test_every_listing_query_keeps_to_public_articles(site_admin):
    shown, gone = published(1, slug="shown"), published(2, slug="gone")
    services.withdraw(article=gone.article, by=site_admin, reason="check")
    listed = {listing.publication_id for listing in ConditionListing.objects.public()}
    assert listed == {shown.pk}
    assert {statement.publication_id for statement in shown.care.model.objects.public()} <= {shown.pk}
