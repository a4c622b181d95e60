"""submit_for_review: freezing the working copy into a revision (invariant 3)."""

import pytest
from django.core.exceptions import PermissionDenied

from articles.document import document_hash, load_document
from reviews.models import ReviewEvent
from reviews.workflow import services
from tests.factories import ArticleFactory, full_article, live_revision
from tests.helpers import edit

pytestmark = pytest.mark.django_db


def test_revision_freezes_the_document_with_its_hash(editor):
    article = full_article(live=False)
    revision = services.submit_for_review(article=article, by=editor, summary="First")
    document = load_document(article.pk)
    assert revision.snapshot == document
    assert revision.content_hash == document_hash(document)
    assert (revision.number, revision.created_by, revision.summary) == (1, editor, "First")


def test_changed_content_needs_a_new_signoff(client, editor, reviewer):
    article = full_article(slug="rebind")
    edit(article, editor, lead="Changed after sign-off.")
    with pytest.raises(services.ReviewError, match="Nothing has changed"):
        services.submit_for_review(article=ArticleFactory(live=True), by=editor, summary="same")
    revision = services.submit_for_review(article=article, by=editor, summary="changed")
    assert revision.content_hash != live_revision(article).content_hash
    assert "Changed after sign-off." not in client.get("/symptoms/rebind/").content.decode()


def test_submitting_the_same_content_twice_is_refused(editor):
    article = full_article(live=False)
    services.submit_for_review(article=article, by=editor, summary="x")
    with pytest.raises(services.ReviewError, match="already waiting"):
        services.submit_for_review(article=article, by=editor, summary="again")


def test_only_editors_submit(reviewer):
    with pytest.raises(PermissionDenied):
        services.submit_for_review(article=full_article(live=False), by=reviewer, summary="x")


def test_a_refused_action_logs_nothing(editor):
    article = full_article(live=False)
    services.submit_for_review(article=article, by=editor, summary="x")
    count = ReviewEvent.objects.count()
    with pytest.raises(services.ReviewError):
        services.submit_for_review(article=article, by=editor, summary="again")
    assert ReviewEvent.objects.count() == count
