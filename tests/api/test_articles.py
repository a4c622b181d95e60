"""/api/v1/articles and /api/v1/articles/<slug>: live content only, as signed off."""

import datetime
import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.document import document_hash
from reviews.models import Publication, Revision
from reviews.operations.verification import verify_records
from reviews.workflow import services
from tests.api.conftest import get_json
from tests.factories import ArticleFactory, CategoryFactory, full_article, publish, reviewer_user
from tests.helpers import edit, sql_update

pytestmark = pytest.mark.django_db


def test_with_the_cache_down_the_detail_is_served_from_the_database(client, live, cache_down):
    """F11: with Redis down, the article detail read its cached body unguarded: 500."""
    _, body = get_json(client, "/api/v1/articles/muscle-weakness")
    assert body["document"] == Revision.objects.get(pk=live.revision_id).snapshot


def test_detail_is_the_live_revision_with_its_review_metadata(client, live, reviewer):
    response, body = get_json(client, "/api/v1/articles/muscle-weakness")
    revision = Revision.objects.get(pk=live.revision_id)
    assert body["document"] == revision.snapshot
    assert body["content_hash"] == revision.content_hash == document_hash(body["document"])
    assert body["revision"] == revision.number == 1
    assert body["reviewer"] == {
        "name": "Dr Rosa Reyes",
        "credentials": "MD, FACS",
        "slug": "reviewer",
        "url": "http://127.0.0.1:8000/reviewers/reviewer/",
    }
    assert body["last_reviewed"] == live.last_reviewed.isoformat()
    assert body["next_review_due"] == live.next_review_due.isoformat()
    assert body["review_overdue"] is False
    assert body["review_history"][0]["kind"] == "approved"
    assert body["signature"]["algorithm"] == "Ed25519" and body["signature"]["key_id"] == live.signing_key_id
    assert body["url"] == "http://127.0.0.1:8000/symptoms/muscle-weakness/"
    assert response["ETag"].startswith(f'"{revision.content_hash}-')
    # The same citation the article page offers as "Cite this page".
    citation = body["citation"]
    assert citation["ama"].startswith(f"{live.question} SymptomSite. Medically reviewed by Dr Rosa Reyes, MD, FACS.")
    assert citation["ama"] in client.get("/symptoms/muscle-weakness/").content.decode()
    assert citation["apa"].startswith("SymptomSite. (") and "<i>" not in citation["apa"]
    assert citation["ris_url"] == "http://127.0.0.1:8000/symptoms/muscle-weakness/cite.ris"
    assert citation["bibtex_url"] == "http://127.0.0.1:8000/symptoms/muscle-weakness/cite.bib"


def test_detail_never_shows_the_working_copy(client, live, editor):
    edit(live.article, editor, title="Unreviewed title", lead="Unreviewed lead.")
    services.submit_for_review(article=live.article, by=editor, summary="waiting")
    _, body = get_json(client, "/api/v1/articles/muscle-weakness")
    assert body["title"] == body["document"]["title"] == "Muscle weakness"
    assert "Unreviewed" not in str(body)


def test_an_article_never_signed_off_is_not_found(client, db):
    full_article(slug="draft", live=False)
    _, body = get_json(client, "/api/v1/articles/draft", status=404)
    assert body["code"] == "not_found"


def test_a_withdrawn_article_answers_410_with_the_date(client, live, site_admin):
    services.withdraw(article=live.article, by=site_admin, reason="Checking a dose")
    response, body = get_json(client, "/api/v1/articles/muscle-weakness", status=410)
    live.refresh_from_db()
    assert body["code"] == "withdrawn"
    assert datetime.datetime.fromisoformat(body["withdrawn_at"]) == live.withdrawn_at
    assert "Checking a dose" not in response.content.decode()  # the reason is internal


def test_conditional_get_answers_304_until_a_sign_off_changes_the_answer(client, live, second_reviewer):
    first, _ = get_json(client, "/api/v1/articles/muscle-weakness")
    again = client.get("/api/v1/articles/muscle-weakness", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    services.confirm_still_accurate(article=live.article, reviewer=second_reviewer)
    changed = client.get("/api/v1/articles/muscle-weakness", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200  # same text, but a new reviewer and dates
    assert changed["ETag"] != first["ETag"] and changed["ETag"].startswith(first["ETag"][:65])


def test_a_tampered_snapshot_is_never_served(client, live, caplog):
    snapshot = Revision.objects.get(pk=live.revision_id).snapshot
    snapshot["lead"] = "TAMPERED"
    sql_update(Revision.objects.filter(pk=live.revision_id), snapshot=snapshot)
    with caplog.at_level(logging.CRITICAL):
        response, body = get_json(client, "/api/v1/articles/muscle-weakness", status=503)
    assert body["code"] == "unavailable" and "TAMPERED" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_the_seed_article_is_served_in_three_queries_and_answers_304_to_its_etag(
    client, demo, django_assert_max_num_queries
):
    # The row; the snapshot with the audit chain's and the review log's newest word on it;
    # the log's leaf hashes, for the statement's inclusion proof.
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/articles/muscle-atrophy")
    assert response.status_code == 200
    with django_assert_max_num_queries(1):
        again = client.get("/api/v1/articles/muscle-atrophy", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def articles(count, **kwargs):
    for n in range(count):
        publish(ArticleFactory(slug=f"symptom-{n:02}", title=f"Symptom {n:02}", **kwargs))


def test_the_list_pages_by_slug_with_links(client, reviewer):
    articles(5)
    _, first = get_json(client, "/api/v1/articles?limit=2")
    assert first["count"] == 5 and [a["slug"] for a in first["results"]] == ["symptom-00", "symptom-01"]
    assert first["previous"] is None
    assert first["next"] == "http://127.0.0.1:8000/api/v1/articles?limit=2&offset=2"
    _, last = get_json(client, "/api/v1/articles?limit=2&offset=4")
    assert [a["slug"] for a in last["results"]] == ["symptom-04"] and last["next"] is None
    assert last["previous"] == "http://127.0.0.1:8000/api/v1/articles?limit=2&offset=2"
    summary = first["results"][0]
    assert summary["revision"] == 1 and summary["reviewer"]["credentials"] == "MD, FACS"
    assert summary["api_url"] == "http://127.0.0.1:8000/api/v1/articles/symptom-00"


def test_the_page_size_is_capped(client, db):
    articles(3)
    _, body = get_json(client, "/api/v1/articles?limit=101", status=400)
    assert body["code"] == "invalid_request" and body["errors"][0]["location"] == "query.limit"
    _, body = get_json(client, "/api/v1/articles?limit=100")
    assert body["limit"] == 100 and len(body["results"]) == 3
    _, body = get_json(client, "/api/v1/articles")
    assert body["limit"] == 20


def test_the_query_count_does_not_grow_with_the_page(client, db):
    articles(12)
    counts = []
    for limit in (1, 12):
        with CaptureQueriesContext(connection) as queries:
            _, body = get_json(client, f"/api/v1/articles?limit={limit}")
        assert len(body["results"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1] == 2  # the count and the page


def test_updated_since_keeps_articles_signed_off_on_or_after_the_date(client, editor, reviewer, second_reviewer):
    old = full_article(slug="old", live=False)
    publish(old, editor=editor, reviewer=reviewer, now=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC))
    new = full_article(slug="new", live=False)
    publish(new, editor=editor, reviewer=reviewer, now=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    _, body = get_json(client, "/api/v1/articles?updated_since=2026-03-01")
    assert [a["slug"] for a in body["results"]] == ["new"]
    services.confirm_still_accurate(
        article=old, reviewer=second_reviewer, now=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    )
    _, body = get_json(client, "/api/v1/articles?updated_since=2026-03-01")
    assert [a["slug"] for a in body["results"]] == ["new", "old"]
    get_json(client, "/api/v1/articles?updated_since=March", status=400)


def test_the_list_filters_by_category_and_reviewer_and_leaves_out_withdrawn(client, site_admin):
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    one, two, three = (ArticleFactory(slug=slug) for slug in ("one", "two", "three"))
    for article in (one, two):
        article.categories.add(nerves)
    publish(one)
    publish(two, reviewer=reviewer_user("okafor", display_name="Dr Sam Okafor"))
    publish(three)
    services.withdraw(article=two, by=site_admin, reason="check")
    _, body = get_json(client, "/api/v1/articles?category=nerves")
    assert [a["slug"] for a in body["results"]] == ["one"]
    _, body = get_json(client, "/api/v1/articles?reviewer=factory-reviewer")
    assert [a["slug"] for a in body["results"]] == ["one", "three"]
    assert Publication.objects.count() == 3


def test_a_row_changed_behind_the_sites_back_is_never_served_from_the_cache(client, live, site_admin):
    """Someone with database access withdraws-then-revives an article, or renames it, in
    SQL: the API checks the seal again or serves only what was signed."""
    get_json(client, "/api/v1/articles/muscle-weakness")  # cached
    services.withdraw(article=live.article, by=site_admin, reason="check")
    Publication.objects.filter(pk=live.pk).update(withdrawn_at=None)
    _, body = get_json(client, "/api/v1/articles/muscle-weakness", status=503)
    assert body["code"] == "unavailable"


def test_a_title_or_question_changed_in_sql_is_never_served(client, live):
    """The listing columns beside the signature are sealed with the publication: a row
    whose title or question was changed in SQL is refused, and the audit names it."""
    _, body = get_json(client, "/api/v1/articles/muscle-weakness")
    assert body["title"] == body["document"]["title"]
    Publication.objects.filter(pk=live.pk).update(title="Tampered title", question="Tampered?")
    _, body = get_json(client, "/api/v1/articles/muscle-weakness", status=503)
    assert "Tampered" not in json.dumps(body)
    assert f"publication of article {live.pk}: its seal does not match" in verify_records()
