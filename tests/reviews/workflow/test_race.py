"""Reviewers deciding at the same moment: one revision is decided once, never published
twice; two articles that bring the same condition into search both go live."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from reviews.models import ConditionSummary, ReviewEvent, SearchCondition, SignOff
from reviews.readmodel import publishing
from reviews.workflow import services
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    editor_user,
    full_article,
    live_revision,
    reviewer_user,
)
from tests.helpers import edit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_concurrent_decisions_on_one_revision_publish_once():
    editor = editor_user()
    first, second = reviewer_user("first"), reviewer_user("second")
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="race")
    barrier = threading.Barrier(2)
    outcomes = {}

    def decide(user, action):
        try:
            barrier.wait(timeout=10)
            if action == "approve":
                services.approve(revision=revision, reviewer=user)
            else:
                services.request_changes(revision=revision, reviewer=user, comment="Not yet")
            outcomes[user.username] = "won"
        except services.AlreadyDecided:
            outcomes[user.username] = "told"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, "approve")),
        threading.Thread(target=decide, args=(second, "request_changes")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["told", "won"]
    assert SignOff.objects.filter(revision=revision).count() == 1
    decisions = ReviewEvent.objects.filter(revision=revision).exclude(action="submit").count()
    assert decisions == 1
    article = Article.objects.get(pk=revision.article_id)
    assert (live_revision(article) == revision) == (outcomes["first"] == "won")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_concurrent_approvals_never_publish_twice():
    editor = editor_user()
    reviewers = [reviewer_user(f"r{i}") for i in range(4)]
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="race")
    barrier = threading.Barrier(len(reviewers))
    results = []

    def approve(user):
        try:
            barrier.wait(timeout=10)
            services.approve(revision=revision, reviewer=user)
            results.append("won")
        except services.AlreadyDecided:
            results.append("told")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["told", "told", "told", "won"]
    assert ReviewEvent.objects.filter(action="approve").count() == 1
    from reviews.provenance.audit import verify_chain

    assert verify_chain()[0] is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
@pytest.mark.parametrize("first_to_commit", ["older", "newer"])
def test_two_sign_offs_bringing_one_new_condition_into_search_both_succeed(monkeypatch, first_to_commit):
    """Both reach the read model before either commits (a barrier holds them there),
    and both add the condition: the second waits at its summary row's insert until the
    first commits, then finds the rows the first wrote, and names them as the most
    recently reviewed listing does, whichever commits first."""
    editor = editor_user()
    condition = ConditionFactory(name="Old name", slug="cond-new")
    articles = {}
    for key in ("older", "newer"):
        article = ArticleFactory(slug=f"{key}-article", title=f"{key.title()} article")
        group = EntryGroupFactory(section=SectionFactory(article=article, order=1), order=1)
        EntryFactory(group=group, order=1, condition=condition)
        articles[key] = services.submit_for_review(article=article, by=editor, summary="race")
        edit(condition, editor, name="New name")  # the newer article's revision names it anew
    today = timezone.now()
    when = {"older": today - datetime.timedelta(days=5), "newer": today}

    barrier = threading.Barrier(2)
    write_read_model = publishing.write_read_model

    def held(*args, **kwargs):
        barrier.wait(timeout=10)  # both are signed off and published; neither has listed anything
        if threading.current_thread().name != first_to_commit:
            time.sleep(0.3)  # the other writes first, and so commits first
        return write_read_model(*args, **kwargs)

    monkeypatch.setattr(publishing, "write_read_model", held)
    failures = []

    def approve(key):
        try:
            services.approve(revision=articles[key], reviewer=reviewer_user(f"reviewer-{key}"), now=when[key])
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(key,), name=key) for key in ("older", "newer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert SearchCondition.objects.get(slug="cond-new").name == "New name"
    row = ConditionSummary.objects.get(slug="cond-new")
    assert (row.name, row.article_count) == ("New name", 2)
