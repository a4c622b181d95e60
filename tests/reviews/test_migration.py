"""The foundation's 'published' tick becomes revisions waiting for review; nothing is approved."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.document import document_hash, load_document
from articles.models import Article
from reviews.models import Publication, Revision, SignOff
from reviews.provenance.audit import verify_chain

pytestmark = [pytest.mark.dialect, pytest.mark.slow]

SCHEMA_2_AND_3 = {"likelihood", "also_called", "lay_terms", "codes", "own_article"}


def as_schema_1(document):
    """A document as schema 1 had it: no ids of records from other tables (2), no care
    advice, lay terms or likelihood (3), no warning signs (4)."""

    def without_id(part):
        return {key: value for key, value in part.items() if key != "id"} if part else part

    def entry(part):
        part = {key: value for key, value in part.items() if key not in SCHEMA_2_AND_3}
        return part if part["kind"] == "condition" else without_id(part)

    for section in document["sections"]:
        for group in section["groups"]:
            group["entries"] = [entry(e) for e in group["entries"]]
    document = {key: value for key, value in document.items() if key not in {"care", "lay_terms", "signs"}}
    return {
        **document,
        "schema": 1,
        "categories": [without_id(c) for c in document["categories"]],
        "related": [without_id(a) for a in document["related"]],
        "overview": without_id(document["overview"]),
    }


BEFORE = [("articles", "0004_review_state"), ("reviews", "0001_initial")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.unattributed  # no set-up account: old schemas cannot hold account events
@pytest.mark.usefixtures("account_audit_paused", "roles")
def test_published_articles_become_revisions_waiting_for_review(client):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldArticle = old.get_model("articles", "Article")
    published = OldArticle.objects.create(
        title="Cramps", slug="cramps", question="What causes cramps?", lead="Lead.", published=True
    )
    condition = old.get_model("articles", "Condition").objects.create(name="Dehydration", slug="dehydration", gloss="g")
    section = old.get_model("articles", "Section").objects.create(article=published, order=0, heading="Causes")
    group = old.get_model("articles", "EntryGroup").objects.create(section=section, order=0, heading="General")
    old.get_model("articles", "Entry").objects.create(group=group, order=0, condition=condition)
    OldArticle.objects.create(title="Draft", slug="draft", question="What causes drafts?", lead="L", published=False)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    revision = Revision.objects.get()
    article = Article.objects.get(slug="cramps")
    assert revision.article == article and revision.number == 1 and revision.created_by is None
    # The frozen copy is exactly what the document function made of it then (schema 1,
    # before records from other tables carried their ids).
    assert revision.snapshot == as_schema_1(load_document(article.pk))
    assert revision.content_hash == document_hash(revision.snapshot)
    assert not SignOff.objects.exists()
    assert not Publication.objects.filter(article=article).exists()
    assert client.get("/symptoms/cramps/").status_code == 404
    assert not Revision.objects.filter(article__slug="draft").exists()
    assert verify_chain()[0] is None
