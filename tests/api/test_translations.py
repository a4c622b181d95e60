"""?lang=es on the articles' list and detail: the signed translation, checked offline
like an English article, and never the old advice on when to get help as current."""

import base64
import json

import pytest

from articles.models import CareTier
from reviews.models import TranslationPublication
from reviews.provenance import signing, statements
from reviews.workflow import services
from tests.factories import editor_user, full_article, give_sign, publish
from tests.helpers import edit, sql_update
from tests.translating import live_spanish, spanish_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(signing_key):
    article = full_article(slug="cramps", title="Cramps", question="What causes cramps?")
    give_sign(article, 0, CareTier.EMERGENCY, "You have chest pain")
    publish(article)
    live_spanish(article, translator=editor_user("translator"), reviewer=spanish_reviewer())
    return article


def test_a_translation_is_verified_offline_like_an_english_article(client, article):
    response = client.get("/api/v1/articles/cramps", {"lang": "es"})
    assert response.status_code == 200 and response["Content-Language"] == "es"
    body = response.json()
    assert signing.check_article(body, signing.keyring()) == []  # hash and Ed25519 signature
    assert statements.problems(statements.canonical(body["statement"]), signing.keyring()) == []
    said = json.loads(base64.b64decode(body["statement"]["payload"]))
    assert said["subject"][0]["digest"]["sha256"] == body["content_hash"]
    assert said["predicate"]["translation_of"]["digest"]["sha256"] == body["translation_of"]["content_hash"]
    assert body["document"]["language"] == "es" and body["title"] == "ES Cramps" and not body["stale"]
    assert body["url"] == "http://127.0.0.1:8000/es/symptoms/cramps/" or body["url"].endswith("/es/symptoms/cramps/")
    english = client.get("/api/v1/articles/cramps").json()
    assert body["translation_of"]["content_hash"] == english["content_hash"]

    assert statements.article_problems(body, signing.keyring()) == []  # what manage.py verify_article runs
    assert statements.article_problems({**body, "translators": ["Someone Else"]}, signing.keyring()) == [
        "its translators is not the one its review statement signs"
    ]

    listed = client.get("/api/v1/articles", {"lang": "es"}).json()
    assert [item["slug"] for item in listed["results"]] == ["cramps"] and listed["results"][0]["language"] == "es"
    assert client.get("/api/v1/articles", {"lang": "fr"}).status_code == 400
    assert client.get("/api/v1/articles/cramps", {"lang": "fr"}).status_code == 400


def test_stale_held_back_withdrawn_and_tampered_translations(client, article, site_admin):
    edit(article, editor_user("editor"), lead="A clearer lead.")
    publish(article)
    body = client.get("/api/v1/articles/cramps", {"lang": "es"}).json()
    assert body["stale"] and body["english_changed_on"]

    give_sign(article, 1, CareTier.EMERGENCY, "You cannot move one side of your body")
    publish(article)  # the English advice changed: held back
    response = client.get("/api/v1/articles/cramps", {"lang": "es"})
    assert response.status_code == 409 and response.json()["code"] == "held_back"
    assert client.get("/api/v1/articles", {"lang": "es"}).json()["results"] == []

    # A row changed in SQL is refused, and the next English sign-off does not seal it again.
    sql_update(TranslationPublication.objects.all(), title="Otra cosa", care_changed=False)
    assert client.get("/api/v1/articles/cramps", {"lang": "es"}).status_code == 503
    edit(article, editor_user("editor"), lead="An even clearer lead.")
    publish(article)
    assert not TranslationPublication.objects.get().seal_intact()
    assert client.get("/api/v1/articles/cramps", {"lang": "es"}).status_code == 503

    services.withdraw(article=article, by=site_admin, reason="check")
    assert client.get("/api/v1/articles/cramps", {"lang": "es"}).status_code == 410
    assert client.get("/api/v1/articles/nothing", {"lang": "es"}).status_code == 404
