"""request_changes: sending a revision back; the live one stays (invariant 2)."""

import pytest

from reviews.workflow import services
from tests.factories import full_article, live_revision
from tests.helpers import edit, h1

pytestmark = pytest.mark.django_db


def test_requested_changes_keep_the_previous_revision_live(client, editor, reviewer):
    article = full_article(slug="keep", question="What causes keeping?")
    edit(article, editor, question="What causes a bad change?")
    revision = services.submit_for_review(article=article, by=editor, summary="Risky")
    services.request_changes(revision=revision, reviewer=reviewer, comment="Source does not say this.")
    assert h1(client, "keep") == "What causes keeping?"
    assert live_revision(article) != revision


def test_request_changes_needs_a_comment(editor, reviewer):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    with pytest.raises(services.ReviewError):
        services.request_changes(revision=revision, reviewer=reviewer, comment="  ")
