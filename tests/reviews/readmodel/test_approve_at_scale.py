"""A sign-off costs the same on a small site and a big one, and the search rows it
refreshes without reading every listing still name each condition as its most recently
reviewed listing does."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.history import acting_as
from articles.models import Category, Condition
from demo import generate, plan
from reviews.models import SearchCondition
from reviews.workflow import services
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    publish,
    reviewer_user,
)
from tests.helpers import edit

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]


def approve_queries(title):
    """Write, submit and approve one generated article (the same draw each time);
    returns the SQL of the approval."""
    editor, reviewer = generate.accounts()
    conditions = list(Condition.objects.order_by("pk"))
    categories = list(Category.objects.filter(slug__endswith="-generated").order_by("pk"))
    drawn = plan.plan_article(
        random.Random(42), title, conditions, plan.popularity_weights(len(conditions)), categories
    )
    with acting_as(editor):
        [article] = generate.write_articles([drawn], editor=editor, today=timezone.localdate())
    revision = services.submit_for_review(article=article, by=editor, summary="Probe")
    with CaptureQueriesContext(connection) as queries:
        services.approve(revision=revision, reviewer=reviewer)
    return [query["sql"] for query in queries.captured_queries]


def test_approving_on_a_site_of_50_articles_takes_no_more_queries_than_on_one_of_5():
    generate.generate(articles=5, conditions=20, seed=1)
    small = approve_queries("Probe one")
    generate.generate(articles=45, conditions=20, seed=1)
    big = approve_queries("Probe two")

    assert len(big) <= len(small)
    assert len(big) < 70
    # The search rows of conditions other articles list already are not rebuilt from
    # every listing (only that rebuild reads the listings' lay terms).
    assert not [sql for sql in big if "ROW_NUMBER" in sql.upper() and '"lay_terms"' in sql]


@pytest.fixture
def days():
    today = timezone.now()
    return lambda n: today - datetime.timedelta(days=n)


def article_listing(condition, slug):
    article = ArticleFactory(slug=slug, title=slug.title())
    group = EntryGroupFactory(section=SectionFactory(article=article, order=1), order=1)
    EntryFactory(group=group, order=1, condition=condition)
    return article


def renamed_between_two_reviews(editor, days):
    """Two live articles list one condition, renamed between their sign-offs: the
    older one shows "Old name", the newer one "New name"."""
    condition = ConditionFactory(name="Old name", slug="cond-x")
    older = article_listing(condition, "older")
    publish(older, now=days(10))
    edit(condition, editor, name="New name")
    newer = article_listing(condition, "newer")
    publish(newer, now=days(5))
    return older, newer


def search_name(slug):
    return SearchCondition.objects.get(slug=slug).name


def test_the_search_row_follows_the_most_recently_reviewed_listing_even_when_a_date_moves_back(editor, days):
    _, newer = renamed_between_two_reviews(editor, days)
    assert search_name("cond-x") == "New name"

    # An annual review backdated before the older article's: the older one now names it.
    services.confirm_still_accurate(article=newer, reviewer=reviewer_user("factory-reviewer"), now=days(20))
    assert search_name("cond-x") == "Old name"

    # Reviewed again today: the newer article's name is back.
    services.confirm_still_accurate(article=newer, reviewer=reviewer_user("factory-reviewer"), now=days(0))
    assert search_name("cond-x") == "New name"


def test_a_condition_an_article_stops_listing_is_named_by_the_others_or_leaves_search(editor, days):
    older, newer = renamed_between_two_reviews(editor, days)

    with acting_as(editor):
        newer.sections.get().groups.get().entries.all().delete()
    publish(newer, now=days(1), editor=editor, reviewer=reviewer_user("second-reviewer"))
    assert search_name("cond-x") == "Old name"

    with acting_as(editor):
        older.sections.get().groups.get().entries.all().delete()
    publish(older, now=days(0), editor=editor, reviewer=reviewer_user("second-reviewer"))
    assert not SearchCondition.objects.filter(slug="cond-x").exists()
