"""Bounded work and no 500s: crafted input gets a 400 or a form error, and a cache that is
down costs speed, never a page."""

import time

import pytest
from django.urls import reverse

from articles.document import load_document
from reviews.models import ProblemReport
from tests.factories import full_article

pytestmark = pytest.mark.django_db


def change_page_data(client, article):
    """The article's change form as the admin renders it, ready to post back."""
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    data = {}
    for form in [page.context["adminform"].form]:
        data.update(
            {
                name: form[name].value() or ""
                for name in ("title", "slug", "question", "lead", "copyright_holder", "edit_token")
            }
        )

    def walk(formsets):
        for formset in formsets:
            management = formset.management_form
            data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
            for form in formset.forms:
                for name in form.fields:
                    value = form[name].value()
                    data[form.add_prefix(name)] = "" if value is None else value
                walk(getattr(form, "nested_formsets", []))

    walk([f.formset for f in page.context["inline_admin_formsets"]])
    return data


@pytest.mark.dialect  # PostgreSQL refuses a NUL in a query; SQLite takes it
def test_a_nul_in_an_admin_search_or_autocomplete_is_a_400(superuser_client):
    url = reverse("admin:autocomplete")
    params = {"term": "a\x00b", "app_label": "articles", "model_name": "entry", "field_name": "condition"}
    assert superuser_client.get(url, params).status_code == 400
    assert superuser_client.get(reverse("admin:articles_article_changelist"), {"q": "a\x00b"}).status_code == 400


def test_a_huge_total_forms_is_refused_at_once(superuser_client):
    article = full_article()
    data = change_page_data(superuser_client, article)
    data["sections-TOTAL_FORMS"] = "100000"
    started = time.perf_counter()
    response = superuser_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 400 and time.perf_counter() - started < 2
    assert "Nothing was saved" in response.content.decode()


def test_more_rows_than_an_inline_allows_is_a_form_error(superuser_client):
    article = full_article()
    data = change_page_data(superuser_client, article)
    data["references-TOTAL_FORMS"] = "150"  # the references' limit is 100
    response = superuser_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200 and "Please submit at most 100 forms" in response.content.decode()


@pytest.mark.parametrize(
    "field", ["sections-0-id", "sections-0-groups-0-id", "sections-0-groups-0-entries-0-id", "references-0-id"]
)
def test_a_row_id_from_another_article_is_refused_and_changes_nothing(superuser_client, field):
    article, other = full_article(slug="mine"), full_article(slug="theirs")
    theirs = {
        "sections-0-id": other.sections.first().pk,
        "sections-0-groups-0-id": other.sections.first().groups.first().pk,
        "sections-0-groups-0-entries-0-id": other.sections.first().groups.first().entries.first().pk,
        "references-0-id": other.references.first().pk,
    }
    before = (document(article), document(other))
    data = change_page_data(superuser_client, article)
    data[field] = str(theirs[field])
    response = superuser_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200 and "is not part of this article any more" in response.content.decode()
    assert (document(article), document(other)) == before


def document(article):
    return load_document(article.pk)


def test_a_section_body_over_the_limit_is_a_clear_form_error(superuser_client):
    article = full_article()
    data = change_page_data(superuser_client, article)
    data["sections-0-body"] = "word " * 5000
    response = superuser_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200 and "at most 20000 characters" in response.content.decode().replace(",", "")


def test_with_the_cache_down_articles_still_render_from_the_database(client, cache_down):
    full_article(slug="cramps", question="What causes cramps?")
    response = client.get("/symptoms/cramps/")
    assert response.status_code == 200 and "What causes cramps?" in response.content.decode()


def test_with_the_cache_down_the_report_form_says_try_later(client, cache_down):
    full_article(slug="cramps")
    response = client.post(reverse("public:report", args=["cramps"]), {"message": "Wrong dose."})
    assert response.status_code == 503 and "try again in a few minutes" in response.content.decode()
    assert not ProblemReport.objects.exists()
