"""Every workspace URL for anonymous, editor, reviewer and site admin, and the decisions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from reviews.models import Decision, ReviewerProfile, SignOff
from reviews.workflow import services
from tests.factories import UserFactory, full_article, publication, publish, reviewer_user, waiting
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(editor):
    """A live article's change waiting for review."""
    return waiting(full_article(slug="waiting"), editor=editor, lead="A changed lead for review.")


def urls(revision):
    return [
        reverse("reviews:dashboard"),
        reverse("reviews:revision", args=[revision.pk]),
        reverse("public:revision_preview", args=[revision.pk]),
        reverse("reviews:article", args=[revision.article_id]),
    ]


def test_anonymous_is_sent_to_log_in(client, revision):
    for url in [*urls(revision), reverse("reviews:withdraw", args=[revision.article_id])]:
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"], url


def test_editors_are_refused(editor_client, revision):
    for url in [*urls(revision), reverse("reviews:withdraw", args=[revision.article_id])]:
        assert editor_client.get(url).status_code == 403, url
    assert editor_client.post(reverse("reviews:decide", args=[revision.pk]), {"decision": "approve"}).status_code == 403


def test_reviewers_open_every_page(reviewer_client, revision):
    for url in urls(revision):
        assert reviewer_client.get(url).status_code == 200, url
    assert reviewer_client.get(reverse("reviews:withdraw", args=[revision.article_id])).status_code == 403


def test_site_admins_see_the_workspace_and_may_withdraw_but_not_decide(client, site_admin, revision):
    login(client, site_admin)
    for url in [*urls(revision), reverse("reviews:withdraw", args=[revision.article_id])]:
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("reviews:decide", args=[revision.pk]), {"decision": "approve"})
    assert response.status_code == 403


def test_with_the_cache_down_the_dashboard_still_opens(reviewer_client, revision, cache_down):
    """F11: with Redis down, the dashboard's cached list of articles showing changed records
    was an unguarded read, and the workspace answered 500."""
    response = reviewer_client.get(reverse("reviews:dashboard"))
    assert response.status_code == 200
    assert revision.article.title in response.content.decode()


def test_wrong_method_is_405(reviewer_client, revision):
    assert reviewer_client.get(reverse("reviews:decide", args=[revision.pk])).status_code == 405
    assert reviewer_client.get(reverse("reviews:confirm", args=[revision.article_id])).status_code == 405
    assert reviewer_client.post(reverse("reviews:dashboard")).status_code == 405


def test_unknown_ids_are_404(reviewer_client):
    assert reviewer_client.get(reverse("reviews:revision", args=[999])).status_code == 404
    assert reviewer_client.get(reverse("reviews:article", args=[999])).status_code == 404


def test_dashboard_lists_waiting_due_overdue_and_recent(reviewer_client, editor, reviewer, revision):
    old = full_article(title="Overdue symptom", live=False)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    publish(old, editor=editor, reviewer=reviewer, now=long_ago)
    soon = full_article(title="Soon symptom", live=False)
    publish(
        soon,
        editor=editor,
        reviewer=reviewer,
        now=timezone.now() - datetime.timedelta(days=350),
    )
    page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    waiting_part = page.split('id="waiting"')[1].split('id="overdue"')[0]
    overdue_part = page.split('id="overdue"')[1].split('id="due-soon"')[0]
    soon_part = page.split('id="due-soon"')[1].split('id="shared"')[0]
    assert "Clearer lead" in waiting_part
    assert "Overdue symptom" in overdue_part and "Soon symptom" not in overdue_part
    assert "Soon symptom" in soon_part
    assert "Reviews due per month" in page
    assert reviewer_client.get(reverse("reviews:dashboard"), {"sort": "title"}).status_code == 200
    assert reviewer_client.get(reverse("reviews:dashboard"), {"sort": "bogus"}).status_code == 200


def test_dashboard_query_count_does_not_grow(reviewer_client, editor, reviewer, django_assert_max_num_queries):
    for _ in range(6):
        article = full_article(live=False)
        services.submit_for_review(article=article, by=editor, summary="x")
    # A count and a page for each paged list (translations waiting and stale among them), with the second
    # factor's device, the account events, the link checks, when the last check ran and when the next is
    # due, and the background jobs failing or late
    with django_assert_max_num_queries(24):
        reviewer_client.get(reverse("reviews:dashboard"))


def test_review_page_shows_diff_summary_history_and_rendering(reviewer_client, revision):
    page = reviewer_client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert "Clearer lead" in page
    assert "<del>short</del>" in page and "<ins>changed</ins>" in page  # word-level diff of the lead
    assert "Submitted for review" in page and "Approved" in page  # history
    assert reverse("public:revision_preview", args=[revision.pk]) in page
    rendered = reviewer_client.get(reverse("public:revision_preview", args=[revision.pk]))
    assert "A changed lead for review." in rendered.content.decode()
    assert rendered["X-Frame-Options"] == "SAMEORIGIN"


def test_reviewer_approves_in_the_workspace_and_the_change_goes_live(client, reviewer_client, revision):
    response = reviewer_client.post(
        reverse("reviews:decide", args=[revision.pk]), {"decision": "approve", "comment": "Good"}, follow=True
    )
    assert "is now live" in response.content.decode()
    assert "A changed lead for review." in client.get("/symptoms/waiting/").content.decode()


def test_request_changes_needs_a_comment_and_shows_the_form_again(reviewer_client, revision):
    response = reviewer_client.post(reverse("reviews:decide", args=[revision.pk]), {"decision": "request_changes"})
    assert response.status_code == 400
    assert "Say what needs to change." in response.content.decode()
    assert not SignOff.objects.filter(revision=revision).exists()

    response = reviewer_client.post(
        reverse("reviews:decide", args=[revision.pk]),
        {"decision": "request_changes", "comment": "Cite a source for the new lead."},
        follow=True,
    )
    assert "Changes requested" in response.content.decode()
    assert SignOff.objects.get(revision=revision).decision == Decision.CHANGES_REQUESTED


def test_author_gets_a_clear_message_not_a_403(client, editor, revision):
    both = UserFactory(username="both", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(
        user=both, slug="both", display_name="Dr Both", credentials="MD", registration=f"TEST {both.pk}"
    )
    article = Article.objects.get(pk=revision.article_id)
    article.lead = "Edited by both."
    article.last_edited_by = both
    article.save()
    revision = services.submit_for_review(article=article, by=both, summary="mine")
    login(client, both)

    page = client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert "another reviewer must approve it" in page
    assert 'value="approve"' not in page

    response = client.post(reverse("reviews:decide", args=[revision.pk]), {"decision": "approve"})
    assert response.status_code == 400
    assert "another reviewer must approve it" in response.content.decode()
    assert not SignOff.objects.filter(revision=revision).exists()


def test_second_decision_is_told_the_first_won(client, reviewer_client, revision):
    reviewer_client.post(reverse("reviews:decide", args=[revision.pk]), {"decision": "approve"})
    login(client, reviewer_user("late"))
    response = client.post(
        reverse("reviews:decide", args=[revision.pk]), {"decision": "request_changes", "comment": "x"}, follow=True
    )
    assert "already decided" in response.content.decode()


def test_confirm_still_accurate_from_the_article_page(reviewer_client, editor, second_reviewer):
    article = full_article(live=False)
    year_ago = timezone.now() - datetime.timedelta(days=364)
    publish(article, editor=editor, reviewer=second_reviewer, now=year_ago)
    page = reviewer_client.get(reverse("reviews:article", args=[article.pk])).content.decode()
    assert "Confirm still accurate" in page
    response = reviewer_client.post(reverse("reviews:confirm", args=[article.pk]), {"comment": ""}, follow=True)
    assert "next due for review in a year" in response.content.decode()
    assert publication(article).last_reviewed == timezone.localdate()


def test_confirming_a_draft_says_why_not(reviewer_client):
    article = full_article(live=False)
    response = reviewer_client.post(reverse("reviews:confirm", args=[article.pk]), follow=True)
    assert "Only a live article can be confirmed" in response.content.decode()


def test_site_admin_withdraws_with_a_reason(client, site_admin):
    article = full_article(slug="pull")
    login(client, site_admin)
    response = client.post(reverse("reviews:withdraw", args=[article.pk]), {"reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client.post(reverse("reviews:withdraw", args=[article.pk]), {"reason": "Wrong dose"}, follow=True)
    assert "410 Gone" in response.content.decode()
    assert client.get("/symptoms/pull/").status_code == 410


def test_reviewer_profile_page_lists_reviewed_articles(client, editor, reviewer):
    reviewed = full_article(question="What causes reviewed pain?", live=False)
    services.approve(revision=services.submit_for_review(article=reviewed, by=editor, summary="x"), reviewer=reviewer)
    full_article(question="What causes other pain?")  # signed by someone else
    page = client.get(reverse("public:reviewer", args=["reviewer"])).content.decode()
    assert "Dr Rosa Reyes, MD, FACS" in page
    assert "What causes reviewed pain?" in page
    assert "What causes other pain?" not in page
    assert client.get(reverse("public:reviewer", args=["nobody"])).status_code == 404


def test_byline_links_to_the_reviewer_profile(client, editor, reviewer):
    article = full_article(slug="byline", live=False)
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="x"), reviewer=reviewer)
    page = client.get("/symptoms/byline/").content.decode()
    assert f'href="{reverse("public:reviewer", args=["reviewer"])}"' in page
