"""The admin is product: every page opens, and an editor builds a whole article on one page."""

import pytest
from django.urls import reverse

from articles.editing import edit_token
from articles.models import Article, Entry, Section, Urgency
from reviews import services
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


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_post(*, category, condition, stroke, related):
    """A two-section article posted as the nested admin form posts it."""
    data = {
        "title": "Muscle cramps",
        "slug": "muscle-cramps",
        "question": "What causes muscle cramps?",
        "lead": "Cramps are sudden, painful tightening of a muscle.",
        "categories": [str(category.pk)],
        "copyright_holder": "SymptomSite contributors",
        **management("sections", 2),
        "sections-0-order": "1",
        "sections-0-heading": "Common causes",
        "sections-0-body": "Most cramps are *harmless*.",
        **management("sections-0-groups", 2),
        "sections-0-groups-0-order": "1",
        "sections-0-groups-0-heading": "General causes",
        "sections-0-groups-0-lead_in": "Often:",
        "sections-0-groups-0-urgency": Urgency.NORMAL,
        **management("sections-0-groups-0-entries", 2),
        "sections-0-groups-0-entries-0-order": "1",
        "sections-0-groups-0-entries-0-condition": str(condition.pk),
        "sections-0-groups-0-entries-1-order": "2",
        "sections-0-groups-0-entries-1-related_article": str(related.pk),
        "sections-0-groups-1-order": "2",
        "sections-0-groups-1-heading": "Emergencies",
        "sections-0-groups-1-lead_in": "Call 999 now if:",
        "sections-0-groups-1-urgency": Urgency.EMERGENCY,
        **management("sections-0-groups-1-entries", 1),
        "sections-0-groups-1-entries-0-order": "1",
        "sections-0-groups-1-entries-0-condition": str(stroke.pk),
        "sections-1-order": "2",
        "sections-1-heading": "Questions for diagnosing the cause",
        "sections-1-body": "",
        **management("sections-1-groups", 1),
        "sections-1-groups-0-order": "1",
        "sections-1-groups-0-heading": "",
        "sections-1-groups-0-lead_in": "",
        "sections-1-groups-0-urgency": Urgency.NORMAL,
        **management("sections-1-groups-0-entries", 1),
        "sections-1-groups-0-entries-0-order": "1",
        "sections-1-groups-0-entries-0-text": "When did the cramps start?",
        **management("references", 2),
        **management("care_advice", 0),
        "references-0-order": "1",
        "references-0-title": "Muscle cramps",
        "references-0-publisher": "MedlinePlus",
        "references-0-url": "https://medlineplus.gov/ency/article/003193.htm",
        "references-0-accessed": "2026-10-01",
        "references-1-order": "2",
        "references-1-title": "Cramp",
        "references-1-publisher": "NHS",
        "references-1-url": "https://www.nhs.uk/conditions/leg-cramps/",
    }
    return data


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


def change_post(article):
    """The change form's data for an article as it stands (sections and groups only)."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "question": article.question,
        "lead": article.lead,
        "copyright_holder": article.copyright_holder,
        "edit_token": edit_token(article.pk),
        **management("references", 0),
        **management("care_advice", 0),
    }
    sections = list(article.sections.all())
    data.update(management("sections", len(sections), len(sections)))
    for i, section in enumerate(sections):
        p = f"sections-{i}"
        data.update(
            {
                f"{p}-id": section.pk,
                f"{p}-article": article.pk,
                f"{p}-order": section.order,
                f"{p}-heading": section.heading,
                f"{p}-body": section.body,
            }
        )
        groups = list(section.groups.all())
        data.update(management(f"{p}-groups", len(groups), len(groups)))
        for j, group in enumerate(groups):
            g = f"{p}-groups-{j}"
            data.update(
                {
                    f"{g}-id": group.pk,
                    f"{g}-section": section.pk,
                    f"{g}-order": group.order,
                    f"{g}-heading": group.heading,
                    f"{g}-lead_in": group.lead_in,
                    f"{g}-urgency": group.urgency,
                }
            )
            entries = list(group.entries.all())
            data.update(management(f"{g}-entries", len(entries), len(entries)))
            for k, entry in enumerate(entries):
                e = f"{g}-entries-{k}"
                data.update(
                    {
                        f"{e}-id": entry.pk,
                        f"{e}-group": group.pk,
                        f"{e}-order": entry.order,
                        f"{e}-condition": entry.condition_id or "",
                        f"{e}-related_article": "",
                        f"{e}-text": entry.text,
                        f"{e}-note": entry.note,
                    }
                )
    return data


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
