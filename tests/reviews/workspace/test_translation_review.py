"""Translating in the admin and reviewing a translation in the workspace, end to end, as
an editor who translates and a clinician who reads Spanish."""

import pytest
from django.urls import reverse

from articles.models import Translation
from reviews.models import TranslationPublication, TranslationRevision
from tests.factories import editor_user, publish
from tests.helpers import browser_form, edit, login
from tests.translating import cramps, live_spanish, spanish_reviewer, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return cramps()


def translate_in_the_admin(client, article):
    """Add the Spanish translation, then fill in every text of its page as a browser would."""
    response = client.post(reverse("admin:articles_translation_add"), {"article": article.pk, "language": "es"})
    assert response.status_code == 302, response.content.decode()[:2000]
    translation = Translation.objects.get(article=article, language="es")
    page = client.get(reverse("admin:articles_translation_change", args=[translation.pk])).content.decode()
    assert '<div lang="en" class="segment-source">What causes cramps?</div>' in page
    assert 'lang="es"' in page and "Made from English revision" in page
    form = browser_form(page, "translation_form")
    sources = dict(translation.segments.values_list("pk", "source"))
    for name, value in list(form.items()):
        if name.endswith("-id"):
            form[name.replace("-id", "-text")] = [f"ES {sources[int(value[0])]}"]
    response = client.post(reverse("admin:articles_translation_change", args=[translation.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    return translation


def test_an_editor_translates_and_a_spanish_reading_clinician_signs_it_off(client, article):
    translator = editor_user("translator")
    login(client, translator)
    translation = translate_in_the_admin(client, article)
    assert not translation.segments.filter(text="").exists()
    response = client.post(
        reverse("admin:articles_translation_submit", args=[translation.pk]), {"summary": "Primera traducción"}
    )
    assert response.status_code == 302
    revision = TranslationRevision.objects.get(article=article)
    assert revision.snapshot["question"] == "ES What causes cramps?"

    # The translator cannot approve it from the workspace, even as a clinician.
    client.logout()
    checker = spanish_reviewer()
    login(client, checker)
    page = client.get(reverse("reviews:translation", args=[revision.pk])).content.decode()
    assert '<td lang="en">What causes cramps?</td>' in page and '<td lang="es">ES What causes cramps?</td>' in page
    response = client.post(
        reverse("reviews:decide_translation", args=[revision.pk]), {"decision": "approve", "comment": ""}, follow=True
    )
    assert "is now live" in response.content.decode()
    row = TranslationPublication.objects.get(article=article, language="es")
    assert row.reviewer_name == "Dra Lucía Méndez" and row.revision == revision

    # The dashboard lists the translation once the English changes under it.
    edit(article, editor_user("editor"), lead="A clearer lead.")
    publish(article)
    dashboard = client.get(reverse("reviews:dashboard")).content.decode()
    assert "Translations of English that changed" in dashboard and "out of date</a>" not in dashboard
    assert reverse("reviews:translation", args=[revision.pk]) in dashboard
    page = client.get(reverse("reviews:translation", args=[revision.pk])).content.decode()
    assert "What the English changed" in page and "clearer" in page


def test_only_a_reviewer_who_reads_the_language_decides(client, article, reviewer):
    translator = editor_user("translator")
    login(client, translator)
    translation = translate_in_the_admin(client, article)
    client.post(reverse("admin:articles_translation_submit", args=[translation.pk]), {"summary": "Nueva"})
    revision = TranslationRevision.objects.get(article=article)
    client.logout()
    login(client, reviewer)
    page = client.get(reverse("reviews:translation", args=[revision.pk])).content.decode()
    assert "does not list" in page and 'value="approve"' not in page
    for decision in ("approve", "request_changes"):
        data = {"decision": decision, "comment": "The title reads oddly."}
        assert client.post(reverse("reviews:decide_translation", args=[revision.pk]), data).status_code == 403
    assert not revision.signoffs.exists()
    client.logout()
    login(client, spanish_reviewer())
    response = client.post(
        reverse("reviews:decide_translation", args=[revision.pk]),
        {"decision": "request_changes", "comment": "El título suena raro."},
    )
    assert response.status_code == 302 and revision.signoffs.get().decision == "changes_requested"
    client.logout()
    login(client, translator)
    page = client.get(reverse("admin:articles_translation_change", args=[translation.pk])).content.decode()
    assert "The reviewer asked for changes" in page


def test_submitting_an_untranslated_translation_says_what_is_missing(client, article):
    translator = editor_user("translator")
    login(client, translator)
    client.post(reverse("admin:articles_translation_add"), {"article": article.pk, "language": "es"})
    translation = Translation.objects.get(article=article)
    page = client.get(reverse("admin:articles_translation_submit", args=[translation.pk])).content.decode()
    assert "still need a translation" in page
    response = client.post(
        reverse("admin:articles_translation_submit", args=[translation.pk]), {"summary": "x"}, follow=True
    )
    assert "still need a translation" in response.content.decode()
    assert not TranslationRevision.objects.exists()


def test_reviewers_cannot_change_translations_in_the_admin(client, article):
    live_spanish(article, translator=editor_user("translator"), reviewer=spanish_reviewer())
    translation = Translation.objects.get(article=article)
    login(client, spanish_reviewer("otra", display_name="Dra Otra"))
    url = reverse("admin:articles_translation_sync", args=[translation.pk])
    assert client.post(url).status_code == 403


def test_the_spanish_is_scored_for_reading_ease_where_english_gets_its_reading_age(client, article):
    translator = editor_user("translator")
    login(client, translator)
    translation = translate_in_the_admin(client, article)
    hard = (
        "La etiología de los espasmos musculares involuntarios comprende alteraciones electrolíticas, "
        "neuropatías periféricas, miopatías metabólicas y determinadas intervenciones farmacológicas "
        "concomitantes. Consecuentemente, la caracterización diagnóstica exhaustiva resulta imprescindible "
        "para discriminar etiologías benignas de entidades neuromusculares potencialmente progresivas, "
        "particularmente en pacientes con antecedentes de enfermedades crónicas descompensadas."
    )
    edit(translation.segments.get(key="lead"), translator, text=hard)
    page = client.get(reverse("admin:articles_translation_submit", args=[translation.pk])).content.decode()
    assert "Fernández-Huerta reading ease" in page and "harder than the reading age of 9 to 11" in page
    assert "Flesch" not in page


def test_the_translation_page_reads_its_rows_in_the_same_queries_at_any_size(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import full_article

    translator = editor_user("translator")
    login(client, translator)
    counts = []
    for slug, groups in (("small", 1), ("large", 6)):
        translation = translate(full_article(slug=slug, groups=groups), translator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:articles_translation_change", args=[translation.pk])).status_code == 200
        counts.append((translation.segments.count(), len(queries)))
    (small, small_queries), (large, large_queries) = counts
    assert large > small + 20 and large_queries == small_queries
    assert client.get(reverse("admin:articles_translation_changelist")).status_code == 200
