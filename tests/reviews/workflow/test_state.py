"""An article's review state and what a revision is to readers, derived
(reviews/workflow/state.py)."""

import pytest
from django.urls import reverse

from articles.models import Article
from reviews.workflow import services
from reviews.workflow.state import State, in_state, review_state, revision_label, with_review_state
from tests.factories import ArticleFactory, ConditionFactory, EntryFactory, EntryGroupFactory, full_article, publish
from tests.helpers import edit


@pytest.mark.parametrize(
    ("state", "label"),
    [
        ({"live": True}, "The live revision, as readers see it now"),
        ({}, "Revision 3 as readers would see it once approved (not live yet)"),
        ({"superseded": True}, "Revision 3, superseded by a newer revision before a decision (readers never saw it)"),
        ({"decision": "changes_requested"}, "Revision 3, sent back for changes (readers never saw it)"),
        (
            {"decision": "approved"},
            "Revision 3, approved and live until a newer revision replaced it (readers no longer see it)",
        ),
        (
            {"live": True, "withdrawn": True},
            "Revision 3, live until the article was withdrawn (readers now get a “withdrawn” page)",
        ),
    ],
)
def test_the_rendered_view_says_which_revision_it_shows(state, label):
    arguments = {"number": 3, "live": False, "withdrawn": False, "decision": None, "superseded": False, **state}
    assert revision_label(**arguments) == label


@pytest.fixture
def every_state(editor, reviewer, site_admin):
    """An article in each review state (two that are live with changes pending: a new
    revision waiting, and a condition renamed since sign-off), by slug."""
    draft = ArticleFactory(slug="draft")
    waiting = full_article(slug="waiting", live=False)
    services.submit_for_review(article=waiting, by=editor, summary="new")
    sent_back = full_article(slug="sent-back", live=False)
    revision = services.submit_for_review(article=sent_back, by=editor, summary="new")
    services.request_changes(revision=revision, reviewer=reviewer, comment="Cite a source.")
    live, pending, withdrawn = (full_article(slug=slug) for slug in ("live", "pending", "gone"))
    edit(pending, editor, lead="A clearer lead.")
    services.submit_for_review(article=pending, by=editor, summary="clearer")
    renamed = full_article(slug="renamed", live=False)
    only_here = ConditionFactory(slug="only-here", gloss="as reviewed")
    EntryFactory(group=EntryGroupFactory(section=renamed.sections.first()), condition=only_here)
    publish(renamed)
    edit(only_here, editor, gloss="a new gloss")
    services.withdraw(article=withdrawn, by=site_admin, reason="check")
    return {a.slug: a for a in (draft, waiting, sent_back, live, pending, renamed, withdrawn)}


def test_the_database_filter_of_each_state_agrees_with_review_state(every_state):
    annotated = list(with_review_state(Article.objects.all()))
    for state in State:
        derived = {article.slug for article in annotated if review_state(article) == state}
        filtered = set(with_review_state(Article.objects.all()).filter(in_state(state)).values_list("slug", flat=True))
        assert filtered == derived, state
    assert {review_state(a).value for a in annotated} == set(State.values)  # the fixture has them all


@pytest.mark.parametrize(
    ("value", "slugs"), [("waiting", {"waiting"}), ("pending", {"pending", "renamed"}), ("live", {"live"})]
)
def test_the_admins_review_filter_is_one_query_whatever_the_number_of_articles(
    every_state, superuser_client, value, slugs, django_assert_max_num_queries
):
    url = reverse("admin:articles_article_changelist")
    with django_assert_max_num_queries(14):
        page = superuser_client.get(url, {"review": value})
    shown = {article.slug for article in page.context["cl"].result_list}
    assert shown == slugs
