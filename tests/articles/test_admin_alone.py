"""The content admin on its own: with no EDITORIAL_WORKFLOW configured it is a plain
editor of the working copy (articles/workflow.py), with nothing of review in it."""

import importlib

import pytest
from django.conf import settings as django_settings
from django.urls import clear_url_caches, reverse

from articles.models import Article, Condition
from articles.workflow import EditorialWorkflow, editorial_workflow
from tests.articles.admin_forms import article_post, change_post
from tests.factories import ArticleFactory, CategoryFactory, ConditionFactory, full_article

pytestmark = pytest.mark.django_db


def rebuild_urls():
    """The admin's URLs are made when the URLconf is imported (the workflow adds some)."""
    clear_url_caches()
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))


@pytest.fixture
def no_workflow(settings):
    configured = settings.EDITORIAL_WORKFLOW
    settings.EDITORIAL_WORKFLOW = ""
    rebuild_urls()
    assert type(editorial_workflow()) is EditorialWorkflow
    yield
    settings.EDITORIAL_WORKFLOW = configured
    rebuild_urls()


def test_the_setting_decides_the_workflow_each_time_it_is_asked(settings):
    assert type(editorial_workflow()).__name__ == "ReviewWorkflow"
    settings.EDITORIAL_WORKFLOW = ""
    assert type(editorial_workflow()) is EditorialWorkflow


def test_the_changelist_has_no_review_columns_filters_or_actions(no_workflow, superuser_client):
    draft = full_article(live=False, slug="draft")
    page = superuser_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert draft.title in page
    for review_feature in ("next review due", "Submit selected articles for review", "?review="):
        assert review_feature not in page


def test_an_article_is_added_changed_and_deleted_without_review(no_workflow, superuser_client):
    category, condition = CategoryFactory(), ConditionFactory(name="Dehydration", slug="dehydration")
    stroke, related = ConditionFactory(name="Stroke", slug="stroke"), ArticleFactory(slug="muscle-weakness")
    data = article_post(category=category, condition=condition, stroke=stroke, related=related)

    added = superuser_client.post(reverse("admin:articles_article_add"), data)

    assert added.status_code == 302, added.context and added.context.get("errors")
    article = Article.objects.get(slug="muscle-cramps")
    change = reverse("admin:articles_article_change", args=[article.pk])
    page = superuser_client.get(change).content.decode()
    assert "Submit for review" not in page and "review workspace" not in page
    edited = superuser_client.post(change, {**change_post(article), "lead": "A new lead.", "_save": "Save"})
    assert edited.status_code == 302, edited.context and edited.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.lead == "A new lead."
    assert superuser_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()


def test_a_condition_is_renamed_with_no_review_notice(no_workflow, superuser_client):
    condition = ConditionFactory(name="Cramp", slug="cramp", gloss="a tight muscle")
    change = reverse("admin:articles_condition_change", args=[condition.pk])
    assert "live article" not in superuser_client.get(change).content.decode()

    data = {"name": "Muscle cramp", "slug": "cramp", "gloss": "a tight muscle", "synonyms": "", "lay_terms": ""}
    response = superuser_client.post(change, {**data, "article": "", "icd10": "", "snomed_ct": "", "mesh": ""})

    assert response.status_code == 302
    assert Condition.objects.get(pk=condition.pk).name == "Muscle cramp"
