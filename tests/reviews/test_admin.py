"""Review features in the admin: state, submit for review, condition edits, read-only records."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.editing import edit_token
from articles.models import Article
from reviews.models import Publication, ReviewEvent, Revision, SignOff
from reviews.workflow import services
from tests.factories import ArticleFactory, ConditionFactory, full_article, publish
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_editor_submits_from_the_article_page_with_a_summary(editor_client):
    article = full_article(live=False)
    url = reverse("admin:articles_article_submit", args=[article.pk])
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(url, {"summary": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()

    response = editor_client.post(url, {"summary": "First version"}, follow=True)
    assert "Submitted 1 article for review." in response.content.decode()
    assert Revision.objects.get(article=article).summary == "First version"


def test_submitting_unchanged_content_warns_instead_of_failing(editor_client):
    article = full_article()
    response = editor_client.post(
        reverse("admin:articles_article_submit", args=[article.pk]), {"summary": "again"}, follow=True
    )
    assert "Nothing has changed since the live revision" in response.content.decode()


def test_submit_action_on_selected_articles(editor_client):
    first, second = full_article(live=False), full_article(live=False)
    changelist = reverse("admin:articles_article_changelist")
    data = {"action": "submit_selected", "_selected_action": [first.pk, second.pk]}

    page = editor_client.post(changelist, data)
    assert page.status_code == 200 and "What changed?" in page.content.decode()  # asks for a summary first

    response = editor_client.post(changelist, {**data, "summary": "Batch"}, follow=True)
    assert "Submitted 2 articles for review." in response.content.decode()
    assert Revision.objects.filter(summary="Batch").count() == 2


def test_reviewers_cannot_submit(reviewer_client):
    article = full_article(live=False)
    assert reviewer_client.get(reverse("admin:articles_article_submit", args=[article.pk])).status_code == 403


def test_changelist_shows_state_and_filters_by_review(superuser_client, editor, reviewer):
    ArticleFactory(title="A draft")
    waiting = full_article(title="Waiting one", live=False)
    services.submit_for_review(article=waiting, by=editor, summary="x")
    old = full_article(title="Old one", live=False)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    publish(old, editor=editor, reviewer=reviewer, now=long_ago)
    url = reverse("admin:articles_article_changelist")
    page = superuser_client.get(url).content.decode()
    states = re.findall(r'<td class="field-state">([^<]*)</td>', page)
    assert sorted(states) == ["Draft", "Live", "Waiting for review"]
    assert "(overdue)" in page

    overdue = superuser_client.get(url, {"review": "overdue"}).content.decode()
    assert "Old one" in overdue and "Waiting one" not in overdue
    waiting_page = superuser_client.get(url, {"review": "waiting"}).content.decode()
    assert "Waiting one" in waiting_page and "Old one" not in waiting_page
    for value in ["due", "changes", "pending", "live", "draft", "withdrawn"]:
        assert superuser_client.get(url, {"review": value}).status_code == 200


def test_requested_changes_are_shown_to_editors(editor_client, editor, reviewer):
    article = full_article(live=False)
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    services.request_changes(revision=revision, reviewer=reviewer, comment="Add a source for the lead.")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Changes requested" in page
    assert "Add a source for the lead." in page


def test_editor_save_in_admin_records_the_last_editor(editor_client, editor):
    article = ArticleFactory()
    data = {
        "title": article.title,
        "slug": article.slug,
        "question": article.question,
        "lead": "Edited",
        "copyright_holder": "SymptomSite contributors",
        "edit_token": edit_token(article.pk),
        **{
            f"{p}-{k}": v
            for p in ("sections", "references", "care_advice")
            for k, v in {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
            }.items()
        },
    }
    services.submit_for_review(article=article, by=editor, summary="before the edit")
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).last_edited_by == editor
    page = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Waiting for review · edited since submitted" in page


def test_editing_a_gloss_in_admin_flags_articles_and_says_so(editor_client):
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="old gloss")
    article = full_article()
    response = editor_client.post(
        reverse("admin:articles_condition_change", args=[stroke.pk]),
        {
            "name": "Stroke",
            "slug": "stroke",
            "gloss": "new gloss",
            "synonyms": "",
            "article": "",
            "icd10": "",
            "snomed_ct": "",
            "mesh": "",
        },
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("1 live article shows this condition" in m for m in messages)
    assert shared_changes(article)
    assert ReviewEvent.objects.filter(action="gloss_change", article=article).exists()


def test_editing_only_synonyms_flags_nothing(editor_client):
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="same")
    article = full_article()
    editor_client.post(
        reverse("admin:articles_condition_change", args=[stroke.pk]),
        {
            "name": "Stroke",
            "slug": "stroke",
            "gloss": "same",
            "synonyms": "CVA",
            "article": "",
            "icd10": "",
            "snomed_ct": "",
            "mesh": "",
        },
    )
    assert not shared_changes(article)


def shared_changes(article):
    return Publication.objects.with_shared_changes().get(article=article).shared_changes


@pytest.mark.parametrize("model", ["revision", "signoff", "reviewevent"])
def test_review_records_are_read_only_in_admin(superuser_client, editor, reviewer, model):
    full_article()
    changelist = reverse(f"admin:reviews_{model}_changelist")
    page = superuser_client.get(changelist)
    assert page.status_code == 200
    assert superuser_client.get(changelist, {"q": "symptom"}).status_code == 200
    assert superuser_client.get(reverse(f"admin:reviews_{model}_add")).status_code == 403
    record = {"revision": Revision, "signoff": SignOff, "reviewevent": ReviewEvent}[model].objects.first()
    change = superuser_client.get(reverse(f"admin:reviews_{model}_change", args=[record.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert superuser_client.post(reverse(f"admin:reviews_{model}_delete", args=[record.pk])).status_code == 403


def test_reviewer_profile_admin_opens(superuser_client, reviewer):
    assert superuser_client.get(reverse("admin:reviews_reviewerprofile_changelist")).status_code == 200
    assert superuser_client.get(reverse("admin:reviews_reviewerprofile_add")).status_code == 200
    profile = reviewer.reviewer_profile
    assert superuser_client.get(reverse("admin:reviews_reviewerprofile_change", args=[profile.pk])).status_code == 200


def test_article_changelist_query_count_is_pinned(superuser_client, django_assert_max_num_queries):
    for _ in range(8):
        full_article()
    with django_assert_max_num_queries(12):
        superuser_client.get(reverse("admin:articles_article_changelist"))


def test_audit_log_changelist_query_count_is_pinned(superuser_client, django_assert_max_num_queries):
    for _ in range(8):
        full_article()
    with django_assert_max_num_queries(11):  # 10, plus the second factor's device
        superuser_client.get(reverse("admin:reviews_reviewevent_changelist"))


def test_article_page_has_submit_and_withdraw_buttons_by_role(editor_client, client, site_admin):
    article = full_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    editor_page = editor_client.get(url).content.decode()
    assert reverse("admin:articles_article_submit", args=[article.pk]) in editor_page
    assert reverse("reviews:withdraw", args=[article.pk]) not in editor_page
    login(client, site_admin)
    assert reverse("reviews:withdraw", args=[article.pk]) in client.get(url).content.decode()
