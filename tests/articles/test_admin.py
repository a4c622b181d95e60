"""The admin is product: every page opens, and an editor builds a whole article on one page."""

import pytest
from django.urls import reverse

from articles.models import Article, Entry, Section
from reviews.workflow import services
from tests.articles.admin_forms import article_post, change_post, management
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    full_article,
    reviewer_user,
)
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_editor_creates_full_article_on_one_page_and_it_shows_once_signed_off(client, editor):
    login(client, editor)
    category = CategoryFactory(name="Bones, Joints and Muscles")
    condition = ConditionFactory(name="Dehydration", slug="dehydration", gloss="too little water in the body")
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="blood supply to the brain is cut off")
    related = ArticleFactory(title="Muscle weakness", slug="muscle-weakness")

    response = client.post(
        reverse("admin:articles_article_add"),
        article_post(category=category, condition=condition, stroke=stroke, related=related),
    )

    assert response.status_code == 302, response.context and response.context.get("errors")
    article = Article.objects.get(slug="muscle-cramps")
    assert [s.heading for s in article.sections.all()] == ["Common causes", "Questions for diagnosing the cause"]
    assert article.sections.first().groups.count() == 2
    assert Entry.objects.filter(group__section__article=article).count() == 4
    assert article.references.count() == 2

    assert client.get(f"/symptoms/{article.slug}/").status_code == 404  # nothing unreviewed is public
    response = client.post(
        reverse("admin:articles_article_submit", args=[article.pk]), {"summary": "New article on cramps."}
    )
    assert response.status_code == 302
    services.approve(revision=article.revisions.get(), reviewer=reviewer_user())

    page = client.get(f"/symptoms/{article.slug}/").content.decode()
    assert "What causes muscle cramps?" in page
    assert "Dehydration</a> (too little water in the body)" in page
    assert "group--emergency" in page
    assert "When did the cramps start?" in page
    assert "https://www.nhs.uk/conditions/leg-cramps/" in page


def test_entry_with_two_targets_is_refused_with_a_message(superuser_client):
    category = CategoryFactory()
    condition = ConditionFactory()
    stroke = ConditionFactory()
    related = ArticleFactory()
    data = article_post(category=category, condition=condition, stroke=stroke, related=related)
    data["sections-0-groups-0-entries-0-text"] = "Also a text"

    response = superuser_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "Choose exactly one of" in response.content.decode()
    assert not Article.objects.filter(slug="muscle-cramps").exists()


def test_duplicate_or_junk_order_values_are_ranked_not_a_500(superuser_client):
    condition = ConditionFactory(name="First")
    data = article_post(
        category=CategoryFactory(), condition=condition, stroke=ConditionFactory(), related=ArticleFactory()
    )
    data["sections-0-groups-0-entries-1-order"] = "1"  # same as entry 0
    data["sections-1-order"] = "x"

    response = superuser_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(slug="muscle-cramps")
    assert [s.heading for s in article.sections.all()] == ["Common causes", "Questions for diagnosing the cause"]
    first_group = article.sections.first().groups.first()
    assert [e.condition_id for e in first_group.entries.all()][0] == condition.pk


def test_errors_with_duplicate_orders_show_the_form_again(superuser_client):
    data = article_post(
        category=CategoryFactory(), condition=ConditionFactory(), stroke=ConditionFactory(), related=ArticleFactory()
    )
    data["sections-0-groups-0-entries-1-order"] = "1"
    data["title"] = ""

    response = superuser_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_editor_swaps_two_sections_and_two_entries(superuser_client):
    article = ArticleFactory()
    first = SectionFactory(article=article, order=1, heading="First")
    SectionFactory(article=article, order=2, heading="Second")
    group = EntryGroupFactory(section=first, order=1)
    a = EntryFactory(group=group, order=1)
    b = EntryFactory(group=group, order=2)
    data = change_post(article)
    data["sections-0-order"], data["sections-1-order"] = "2", "1"
    data["sections-0-groups-0-entries-0-order"], data["sections-0-groups-0-entries-1-order"] = "2", "1"

    response = superuser_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert [s.heading for s in Section.objects.filter(article=article)] == ["Second", "First"]
    assert list(group.entries.values_list("pk", flat=True)) == [b.pk, a.pk]


def test_deleting_a_section_and_reusing_its_order(superuser_client):
    article = ArticleFactory()
    SectionFactory(article=article, order=1, heading="Old")
    data = change_post(article)
    data["sections-0-DELETE"] = "on"
    data.update(management("sections", 2, 1))
    data.update(
        {
            "sections-1-order": "1",
            "sections-1-heading": "New",
            "sections-1-body": "",
            **management("sections-1-groups", 0),
        }
    )

    response = superuser_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert [s.heading for s in article.sections.all()] == ["New"]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_category_changelist",
        "admin:articles_category_add",
        "admin:articles_condition_changelist",
        "admin:articles_condition_add",
    ],
)
def test_every_admin_page_opens_for_an_editor(editor_client, url_name):
    full_article()
    assert editor_client.get(reverse(url_name)).status_code == 200
    assert editor_client.get(reverse(url_name), {"q": "stroke"}).status_code == 200


def test_change_pages_and_filters_open(superuser_client):
    article = full_article()
    condition = article.sections.first().groups.first().entries.first().condition
    for url in [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_condition_change", args=[condition.pk]),
        reverse("admin:articles_category_change", args=[CategoryFactory().pk]),
        reverse("admin:articles_article_changelist") + "?review=live",
        reverse("admin:articles_condition_changelist") + "?in_use=yes",
        reverse("admin:articles_category_changelist") + "?in_use=no",
    ]:
        assert superuser_client.get(url).status_code == 200, url


def test_condition_autocomplete_finds_by_synonym(editor_client):
    ConditionFactory(name="Amyotrophic lateral sclerosis", synonyms="ALS\nLou Gehrig's disease")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "gehrig", "app_label": "articles", "model_name": "entry", "field_name": "condition"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Amyotrophic lateral sclerosis"]


def test_article_changelist_query_count_does_not_grow(superuser_client, django_assert_max_num_queries):
    for _ in range(10):
        ArticleFactory()
    with django_assert_max_num_queries(12):
        superuser_client.get(reverse("admin:articles_article_changelist"))


def test_article_change_page_queries_do_not_grow_with_entries(superuser_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def change_page_queries(entries):
        article = ArticleFactory()
        group = EntryGroupFactory(section=SectionFactory(article=article, order=0), order=0)
        for e in range(entries):
            EntryFactory(group=group, order=e, condition=ConditionFactory(name=f"Cond {entries}-{e}"))
        EntryFactory(group=group, order=entries, condition=None, related_article=ArticleFactory(title="Linked one"))
        with CaptureQueriesContext(connection) as queries:
            page = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))
        assert f'<option value="{group.entries.first().condition_id}" selected>Cond {entries}-0</option>' in (
            page.content.decode()
        )
        assert ">Linked one</option>" in page.content.decode()
        return len(queries)

    few = change_page_queries(3)  # also warms per-process caches (content types)
    assert change_page_queries(30) <= few


@pytest.mark.parametrize("view", ["change", "delete"])
def test_an_empty_to_field_on_any_change_or_delete_page_is_a_400(superuser_client, superuser, view):
    """F12: `?_to_field=` (named, empty) made Django's admin look for a field called "": 500."""
    article = full_article()
    entry = Entry.objects.filter(group__section__article=article).first()
    records = {
        "articles_article": article.pk,
        "articles_condition": entry.condition_id,
        "articles_category": CategoryFactory().pk,
        "auth_user": superuser.pk,
    }
    for name, pk in records.items():
        url = reverse(f"admin:{name}_{view}", args=[pk])
        response = superuser_client.get(url, {"_to_field": ""})
        assert response.status_code == 400, (url, response.status_code)
        assert "names no field" in response.content.decode()
        assert superuser_client.post(url + "?_to_field=", {"_to_field": ""}).status_code == 400
        # Django's own answers stay: a field it may not look up by is refused (400, or the
        # 403 of a page this record never offers: a live article is not deleted), the
        # primary key is the page as usual.
        usual = superuser_client.get(url).status_code
        assert superuser_client.get(url, {"_to_field": "no_such_field"}).status_code in {400, usual}
        assert superuser_client.get(url, {"_to_field": "id"}).status_code == usual
