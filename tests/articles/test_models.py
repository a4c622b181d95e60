"""Constraints live in the database, not only in forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Category, Condition, Entry
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    ReferenceFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_entry_must_have_exactly_one_target():
    group = EntryGroupFactory()
    condition = ConditionFactory()
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(group=group, order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(group=group, order=2, condition=condition, text="and text")
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(group=group, order=3, condition=condition, related_article=article)
    Entry.objects.create(group=group, order=4, condition=condition)
    Entry.objects.create(group=group, order=5, related_article=article)
    Entry.objects.create(group=group, order=6, text="When did it start?")
    assert group.entries.count() == 3


def test_entry_clean_explains_the_rule():
    entry = Entry(group=EntryGroupFactory(), order=1)
    with pytest.raises(ValidationError, match="exactly one"):
        entry.full_clean()


@pytest.mark.parametrize("factory", [SectionFactory, ReferenceFactory])
def test_order_is_unique_within_an_article(factory):
    article = ArticleFactory()
    factory(article=article, order=1)
    factory(article=ArticleFactory(), order=1)  # another parent may reuse it
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(article=article, order=1)


def test_group_and_entry_order_unique_within_parent():
    section = SectionFactory()
    group = EntryGroupFactory(section=section, order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryGroupFactory(section=section, order=1)
    EntryFactory(group=group, order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(group=group, order=1)


def test_slugs_are_unique():
    ArticleFactory(slug="muscle-atrophy")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="muscle-atrophy")
    Condition.objects.create(name="Stroke", slug="stroke")
    with pytest.raises(IntegrityError), transaction.atomic():
        Condition.objects.create(name="Brain attack", slug="stroke")


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Category, {"name": "", "slug": "x"}),
        (Condition, {"name": "", "slug": "x"}),
        (Article, {"title": "", "slug": "x", "question": "Q?", "lead": "L"}),
        (Article, {"title": "T", "slug": "x", "question": "", "lead": "L"}),
    ],
)
def test_names_cannot_be_empty(model, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_section_heading_and_reference_title_cannot_be_empty():
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(heading="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferenceFactory(title="")


def test_group_urgency_is_checked_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryGroupFactory(urgency="panic")


def test_a_condition_in_use_cannot_be_deleted():
    entry = EntryFactory()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        entry.condition.delete()


def test_article_cannot_be_its_own_overview():
    article = ArticleFactory()
    article.overview = article
    with pytest.raises(ValidationError):
        article.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()
