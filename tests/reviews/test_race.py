"""Two reviewers deciding one revision at the same moment: one wins, never two publishes."""

import threading

import pytest
from django.db import connection

from articles.models import Article
from reviews import services
from reviews.models import ReviewEvent, SignOff
from tests.factories import editor_user, full_article, live_revision, reviewer_user


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
    from reviews.audit import verify_chain

    assert verify_chain()[0] is None
