"""record_condition_change: a shared record's edit is reviewed where it is shown (invariant 6)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.provenance.models import Action, ReviewEvent
from reviews.readmodel.models import Publication
from reviews.workflow import services
from tests.factories import ArticleFactory, ConditionFactory, EntryFactory, full_article
from tests.helpers import edit

pytestmark = pytest.mark.django_db


def shared_changes(article):
    found = Publication.objects.with_shared_changes().filter(article=article).first()
    return bool(found and found.shared_changes)


def test_editing_a_gloss_flags_live_articles_but_changes_nothing_public(client, editor, reviewer):
    condition = ConditionFactory(name="Stroke", slug="stroke", gloss="old gloss")
    shown = full_article(slug="shows-it")  # its emergency group lists Stroke
    other = full_article(slug="other", live=False)
    other_condition = ConditionFactory(slug="unrelated")
    EntryFactory(group__section__article=ArticleFactory(live=True), condition=other_condition)

    condition.gloss = "new gloss"
    condition.save()
    flagged = services.record_condition_change(
        condition=condition, by=editor, changes={"gloss": ("old gloss", "new gloss")}
    )

    assert flagged == [shown]
    assert shared_changes(shown)
    assert not shared_changes(other)
    assert "old gloss" in client.get("/symptoms/shows-it/").content.decode()
    assert "new gloss" not in client.get("/symptoms/shows-it/").content.decode()
    assert "Old gloss" in client.get("/conditions/stroke/").content.decode()
    event = ReviewEvent.objects.get(action=Action.CONDITION_CHANGED)
    assert "old gloss" in event.comment and event.article == shown

    revision = services.submit_for_review(article=shown, by=editor, summary="New stroke gloss")
    services.approve(revision=revision, reviewer=reviewer)
    assert not shared_changes(shown)
    assert "new gloss" in client.get("/symptoms/shows-it/").content.decode()


def test_approving_a_revision_frozen_before_a_gloss_change_keeps_the_flag(editor, reviewer):
    condition = ConditionFactory(name="Stroke", slug="stroke", gloss="old gloss")
    article = full_article()
    edit(article, editor, lead="Changed")
    revision = services.submit_for_review(article=article, by=editor, summary="before the gloss change")
    condition.gloss = "new gloss"
    condition.save()
    services.record_condition_change(condition=condition, by=editor, changes={"gloss": ("old gloss", "new gloss")})
    services.approve(revision=revision, reviewer=reviewer)
    assert shared_changes(article)


APPEND_QUERIES = 3  # one audit event: lock the chain's head, insert the event, move the head


def test_each_article_flagged_costs_its_audit_event_and_nothing_more(editor):
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="old gloss")
    counts = {}
    for showing in (1, 5):
        while Publication.objects.count() < showing:
            full_article(slug=f"shows-{Publication.objects.count()}")  # each lists Stroke as an emergency
        with CaptureQueriesContext(connection) as queries:
            flagged = services.record_condition_change(condition=stroke, by=editor, changes={"gloss": ("a", "b")})
        assert len(flagged) == showing
        counts[showing] = len(queries)
    assert counts[5] - counts[1] == 4 * APPEND_QUERIES
