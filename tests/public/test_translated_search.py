"""Search in Spanish on both databases (PostgreSQL's `spanish` configuration; Snowball's
Spanish stemmer over SQLite's FTS5): everyday Spanish words find the demo's Spanish
articles, typed with or without accents."""

import pytest

from articles.models import CareTier
from reviews.models import TranslationPublication
from reviews.readmodel.search import translated
from tests.factories import give_sign, publish

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]

# What a Spanish-speaking reader types, and the article that must come first.
EVERYDAY = {
    "mareo": "dizziness",
    "mareos": "dizziness",
    "vértigos": "dizziness",  # forms the pages do not hold: found by their stems
    "tengo la pierna acalambrada": "muscle-cramps",
    "me duelen las pantorrillas": "muscle-cramps",
    "me siento mareada": "dizziness",
    "vértigo": "dizziness",
    "Vertigo": "dizziness",  # no accent, a capital
    "calambres en las piernas": "muscle-cramps",
    "calambre en la pantorrilla": "muscle-cramps",
    "dolores de espalda": "back-pain",
    "me duele la espalda": "back-pain",
    "lumbago": "back-pain",
    "dolor de cintura": "back-pain",
    "ciatica": "back-pain",
}


@pytest.mark.usefixtures("shared_demo")
class TestTheDemo:
    def test_everyday_spanish_words_find_the_spanish_articles(self, client):
        slugs = dict(TranslationPublication.objects.values_list("pk", "slug"))
        # Each query's every word (stop words aside) is in the page it finds first.
        every = {q: [slugs[pk] for pk in translated._matches(translated.words(q, "es"), "es", every=True, limit=1)]
                 for q in EVERYDAY}  # fmt: skip
        assert every == {query: [slug] for query, slug in EVERYDAY.items()}
        first = {query: [row.slug for row in translated.search(query, "es")][:1] for query in EVERYDAY}
        assert first == {query: [slug] for query, slug in EVERYDAY.items()}
        page = client.get("/es/search/", {"q": "me duele la espalda"}).content.decode()
        assert 'href="/es/symptoms/back-pain/"' in page and "¿Qué causa el dolor de espalda?" in page
        assert 'lang="es"' in page
        nothing = client.get("/es/search/", {"q": "xilófono"}).content.decode()
        assert "Ningún artículo en español coincide" in nothing and 'href="/search/?q=xil%C3%B3fono"' in nothing

    def test_a_held_back_translation_is_not_found(self):
        article = TranslationPublication.objects.get(slug="dizziness").article
        give_sign(article, 99, CareTier.EMERGENCY, "A new emergency sign for this test")
        publish(article)
        assert translated.search("mareo", "es") == []

    def test_rebuild_read_model_writes_the_search_rows_again(self):
        from django.db import connection

        from reviews.models import TranslationSearch
        from reviews.readmodel import publishing

        TranslationSearch.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {translated.FTS}")  # noqa: S608
        assert translated.search("mareo", "es") == []
        publishing.rebuild()  # what a restore and an upgrade run
        assert [row.slug for row in translated.search("mareo", "es")] == ["dizziness"]
