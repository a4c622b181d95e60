"""Review records and the publication queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews import services
from reviews.models import Publication, Revision
from tests.factories import CategoryFactory, full_article, publish

pytestmark = pytest.mark.django_db


def test_revisions_cannot_be_changed_or_deleted(editor):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    revision.summary = "rewritten"
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.delete()
    assert Revision.objects.get(pk=revision.pk).summary == "x"


def test_a_revision_with_a_signoff_is_protected_in_the_database(editor, reviewer):
    revision = publish(full_article(live=False), editor=editor, reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.filter(pk=revision.pk).delete()  # bypasses the model: PROTECT still holds


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
    from reviews.models import PublicationClock

    first = published(1)
    before = PublicationClock.objects.get().version
    published(2)
    services.withdraw(article=first.article, by=site_admin, reason="check")
    assert PublicationClock.objects.get().version == before + 2
    assert Publication.objects.with_clock().get(pk=first.pk).clock == before + 2
