"""/api/v1/conditions, /categories and /reviewers: as the live articles show them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.workflow import services
from tests.api.conftest import get_json
from tests.factories import (
    CategoryFactory,
    ConditionFactory,
    symptom,
)
from tests.helpers import edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def gout(db):
    return ConditionFactory(
        slug="gout",
        name="Gout",
        gloss="crystals in a joint",
        synonyms="Podagra\nGouty arthritis",
        lay_terms="swollen big toe",
        icd10="M10",
        mesh="D006073",
    )


def test_conditions_come_with_codes_and_other_names_as_reviewed(client, gout, editor):
    symptom("Joint pain", gout)
    edit(gout, editor, name="Gout (renamed, unreviewed)", icd10="X99")
    _, body = get_json(client, "/api/v1/conditions")
    assert body["count"] == 1
    assert body["results"] == [
        {
            "slug": "gout",
            "name": "Gout",
            "gloss": "crystals in a joint",
            "also_called": ["Podagra", "Gouty arthritis"],
            "lay_terms": ["swollen big toe"],
            "codes": {"icd10": "M10", "mesh": "D006073"},
            "url": "http://127.0.0.1:8000/conditions/gout/",
            "api_url": "http://127.0.0.1:8000/api/v1/conditions/gout",
        }
    ]


def test_a_condition_lists_the_live_articles_that_list_it_and_how(client, gout, site_admin):
    symptom("Joint pain", gout)
    symptom("Toe pain", gout, urgency="soon")
    gone = symptom("Swelling", gout)
    services.withdraw(article=gone, by=site_admin, reason="check")
    _, body = get_json(client, "/api/v1/conditions/gout")
    assert [(a["slug"], a["urgency"]) for a in body["articles"]] == [("joint-pain", "normal"), ("toe-pain", "soon")]
    assert body["own_article"] is None and body["codes"] == {"icd10": "M10", "mesh": "D006073"}
    _, error = get_json(client, "/api/v1/conditions/lupus", status=404)
    assert error["code"] == "not_found"


def test_the_conditions_list_pages_in_a_fixed_number_of_queries(client, db):
    causes = [ConditionFactory(slug=f"cause-{n:02}", name=f"Cause {n:02}") for n in range(8)]
    symptom("One", *causes[:5])
    symptom("Two", *causes[3:])
    counts = []
    for limit in (1, 8):
        with CaptureQueriesContext(connection) as queries:
            _, body = get_json(client, f"/api/v1/conditions?limit={limit}")
        assert body["count"] == 8 and len(body["results"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1] == 3


def test_categories_count_live_articles_under_the_reviewed_name(client, editor, site_admin):
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    symptom("Numbness", category=nerves)
    symptom("Tingling", category=nerves)
    services.withdraw(article=symptom("Dizziness", category=nerves), by=site_admin, reason="check")
    edit(nerves, editor, name="Brain and nerves")
    _, body = get_json(client, "/api/v1/categories")
    assert body["results"] == [
        {
            "slug": "nerves",
            "name": "Nerves",
            "article_count": 2,
            "url": "http://127.0.0.1:8000/categories/nerves/",
            "articles_url": "http://127.0.0.1:8000/api/v1/articles?category=nerves",
        }
    ]


def test_reviewers_show_their_public_fields_only(client, reviewer):
    _, body = get_json(client, "/api/v1/reviewers/reviewer")
    assert body == {
        "slug": "reviewer",
        "name": "Dr Rosa Reyes",
        "credentials": "MD, FACS",
        "specialty": "",
        "bio": "",
        "url": "http://127.0.0.1:8000/reviewers/reviewer/",
        "articles_url": "http://127.0.0.1:8000/api/v1/articles?reviewer=reviewer",
    }
    _, page = get_json(client, "/api/v1/reviewers")
    assert page["count"] == 1 and page["results"] == [body]
    assert "registration" not in str(page)
    get_json(client, "/api/v1/reviewers/nobody", status=404)


def test_a_conditions_own_article_is_given_only_while_it_is_live(client, gout, site_admin):
    symptom("Joint pain", gout)
    own = symptom("Gout", gout)
    gout.article = own
    edit(gout, site_admin)
    symptom("Toe pain", gout)  # the newest listing names the condition's own article
    _, body = get_json(client, "/api/v1/conditions/gout")
    assert body["own_article"] == "gout"
    services.withdraw(article=own, by=site_admin, reason="check")
    _, body = get_json(client, "/api/v1/conditions/gout")
    assert body["own_article"] is None  # never a link to a withdrawn article
