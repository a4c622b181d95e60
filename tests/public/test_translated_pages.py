"""Articles in Spanish under /es/ (invariant 14): reciprocal alternates, the reader told
when the English changed, stale "when to get help" advice never presented as current,
and nothing a database writer changes in the translation's rows served."""

import re

import pytest
from django.test import Client

from articles.models import CareTier
from reviews.models import TranslationPublication
from reviews.workflow import services
from tests.factories import editor_user, full_article, give_sign, publish
from tests.helpers import edit, sql_update
from tests.translating import live_spanish, spanish_reviewer, translate

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def article(settings):
    settings.SITE_URL = SITE
    article = full_article(slug="cramps", title="Cramps", question="What causes cramps?")
    give_sign(article, 0, CareTier.EMERGENCY, "You have chest pain")
    publish(article)
    translator = editor_user("translator")
    translator.first_name, translator.last_name = "Ana", "Torres"
    translator.save()
    live_spanish(article, translator=translator, reviewer=spanish_reviewer())
    return article


def alternates(html: str) -> set[tuple[str, str]]:
    return set(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


EXPECTED = {
    ("en-US", f"{SITE}/symptoms/cramps/"),
    ("es", f"{SITE}/es/symptoms/cramps/"),
    ("x-default", f"{SITE}/symptoms/cramps/"),
}


def test_the_english_and_spanish_pages_name_each_other(client, article):
    english = client.get("/symptoms/cramps/")
    spanish = client.get("/es/symptoms/cramps/")
    assert spanish.status_code == 200
    assert alternates(english.content.decode()) == EXPECTED == alternates(spanish.content.decode())
    assert english["Content-Language"] == "en-US" and spanish["Content-Language"] == "es"
    for response in (english, spanish):
        assert "Accept-Language" not in response.get("Vary", "")
    page = spanish.content.decode()
    assert '<html lang="es"' in page and "ES What causes cramps?" in page and "ES You have chest pain" in page
    assert f'<link rel="canonical" href="{SITE}/es/symptoms/cramps/">' in page
    assert "Dra Lucía Méndez" in page and "Ana Torres" in page
    assert '"translationOfWork"' in page and '"inLanguage": "es"' in page
    assert '"workTranslation"' in english.content.decode()
    assert 'hreflang="es" lang="es">Español</a>' in english.content.decode()  # the switcher


def test_the_address_alone_decides_the_language(client, article):
    assert client.get("/symptoms/cramps/", HTTP_ACCEPT_LANGUAGE="es").content.decode().count("ES What causes") == 0
    assert client.get("/es/conditions/").headers["Location"] == "/conditions/"  # not in Spanish yet
    full_article(slug="untranslated")
    assert client.get("/es/symptoms/untranslated/").headers["Location"] == "/symptoms/untranslated/"
    assert client.get("/es/symptoms/nothing-here/").status_code == 404
    home = client.get("/es/").content.decode()
    assert 'href="/es/symptoms/cramps/"' in home and "untranslated" not in home
    a_to_z = client.get("/es/symptoms/").content.decode()  # the Spanish articles, A to Z
    assert '<a href="/es/symptoms/cramps/">ES Cramps</a>' in a_to_z and "untranslated" not in a_to_z
    assert 'href="#letter-E"' in a_to_z and 'href="#letter-C"' not in a_to_z


def test_a_reader_is_told_when_the_english_changed(client, article):
    before = TranslationPublication.objects.values().get()  # sealed, current
    edit(article, editor_user("editor"), lead="Cramps are sudden, painful tightenings of a muscle.")
    publish(article)
    page = client.get("/es/symptoms/cramps/").content.decode()
    assert "notice--stale" in page and 'href="/symptoms/cramps/"' in page
    assert "Traduce una versión anterior de la página en inglés." in page
    assert "ES You have chest pain" in page  # the advice itself did not change
    assert alternates(client.get("/symptoms/cramps/").content.decode()) == EXPECTED
    # The row written back as it was before the change, seal intact: the reader is still told.
    sql_update(TranslationPublication.objects.all(), **{k: v for k, v in before.items() if k != "id"})
    assert "notice--stale" in client.get("/es/symptoms/cramps/").content.decode()


def test_changed_care_advice_is_never_presented_as_current(client, article):
    before = TranslationPublication.objects.values().get()  # sealed, current, not held back
    give_sign(article, 1, CareTier.EMERGENCY, "You cannot move one side of your body")
    publish(article)
    page = client.get("/es/symptoms/cramps/").content.decode()
    assert "notice--held-back" in page and "ES You have chest pain" not in page
    assert 'href="/symptoms/cramps/"' in page and 'name="robots" content="noindex"' in page
    assert alternates(client.get("/symptoms/cramps/").content.decode()) == set()  # not offered

    # Someone with database access writes the row back as it was before, its seal intact:
    # the page still holds the old advice back (it compares the two signed documents).
    sql_update(TranslationPublication.objects.all(), **{k: v for k, v in before.items() if k != "id"})
    assert TranslationPublication.objects.get().seal_intact()
    response = client.get("/es/symptoms/cramps/")
    assert response.status_code == 200 and "notice--held-back" in response.content.decode()
    assert "ES You have chest pain" not in response.content.decode()


def test_a_translation_row_written_back_is_not_served(client, article):
    row = TranslationPublication.objects.get()
    older = {name: getattr(row, name) for name in ("revision_id", "content_hash", "title", "statement", "seal")}
    translator = editor_user("translator")
    translation = translate(article, translator, prefix="ES2 ")
    from reviews.workflow import translations

    revision = translations.submit_translation(translation=translation, by=translator)
    translations.approve_translation(revision=revision, reviewer=spanish_reviewer())
    assert "ES2 What causes" in client.get("/es/symptoms/cramps/").content.decode()
    sql_update(TranslationPublication.objects.all(), **older)  # the older sealed row, replayed
    response = client.get("/es/symptoms/cramps/")
    assert response.status_code == 503 and "ES What causes" not in response.content.decode()


def test_a_withdrawn_english_article_takes_its_translation_down(client, article, site_admin):
    services.withdraw(article=article, by=site_admin, reason="Being checked")
    assert client.get("/es/symptoms/cramps/").status_code == 410


def test_no_session_or_token_on_spanish_pages(article):
    response = Client().get("/es/symptoms/cramps/")
    assert "Set-Cookie" not in response.headers and "csrfmiddlewaretoken" not in response.content.decode()
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert Client().get("/es/symptoms/cramps/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_hreflang_is_reciprocal_across_every_page_and_the_sitemap(client, article):
    from xml.etree import ElementTree

    full_article(slug="untranslated")
    sitemap: dict[str, set[tuple[str, str]]] = {}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        page = ElementTree.fromstring(client.get(loc.text.removeprefix("http://testserver")).content)  # noqa: S314
        for url in page.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}url"):
            address = url.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text.removeprefix(
                "http://testserver"
            )
            links = url.findall("{http://www.w3.org/1999/xhtml}link")
            sitemap[address] = {
                (link.get("hreflang"), link.get("href").removeprefix("http://testserver")) for link in links
            }
    languages = {path for path, versions in sitemap.items() if versions}
    assert languages == {"/symptoms/cramps/", "/es/symptoms/cramps/"}
    for path in languages:
        assert all(sitemap[other] == sitemap[path] for _, other in sitemap[path])  # reciprocal
        on_page = {
            (hreflang, href.removeprefix(SITE)) for hreflang, href in alternates(client.get(path).content.decode())
        }
        assert on_page == sitemap[path]
    assert sitemap["/symptoms/untranslated/"] == set()
    assert alternates(client.get("/symptoms/untranslated/").content.decode()) == set()


def test_a_feed_per_language(client, article):
    feed = client.get("/es/feeds/reviewed/")
    body = feed.content.decode()
    assert feed.status_code == 200 and "ES What causes cramps?" in body and "/es/symptoms/cramps/" in body
    assert "Traducción revisada por Dra Lucía Méndez" in body and 'xml:lang="es"' in body
    assert "ES What causes" not in client.get("/feeds/reviewed/").content.decode()
    give_sign(article, 1, CareTier.EMERGENCY, "You cannot move one side of your body")
    publish(article)  # held back: out of the feed
    assert "ES What causes" not in client.get("/es/feeds/reviewed/").content.decode()


def test_a_reader_of_the_spanish_page_reports_a_problem_in_spanish(client, article, reviewer):
    from reviews.models import ProblemReport, ReviewEvent
    from tests.helpers import login

    page = client.get("/es/symptoms/cramps/").content.decode()
    assert 'href="/es/symptoms/cramps/report/"' in page
    form = client.get("/es/symptoms/cramps/report/")
    assert form.status_code == 200 and "Enviar informe" in form.content.decode()
    assert "¿Qué está mal o no se entiende en esta página?" in form.content.decode()
    assert "ES What causes cramps?" in form.content.decode()
    response = client.post("/es/symptoms/cramps/report/", {"message": "La traducción dice otra cosa.", "email": ""})
    assert response.status_code == 302 and response["Location"] == "/es/symptoms/cramps/report/thanks/"
    assert "Gracias" in client.get(response["Location"]).content.decode()
    full_article(slug="untranslated")  # not in Spanish: its report form is the English one
    assert client.get("/es/symptoms/untranslated/report/").headers["Location"] == "/symptoms/untranslated/report/"
    report = ProblemReport.objects.get()
    assert report.language == "es" and report.revision == article.publication.revision
    assert ReviewEvent.objects.filter(action="report_filed", data__language="es").exists()
    login(client, reviewer)
    assert (
        '<span class="badge text-bg-secondary" title="A reader of the translation">es</span>'
        in client.get("/review/").content.decode()
    )


def test_the_spanish_page_is_cited_in_spanish(client, article):
    from django.utils import formats, timezone, translation

    with translation.override("es"):
        today = formats.date_format(timezone.localdate(), r"j \d\e F \d\e Y")
    page = client.get("/es/symptoms/cramps/").content.decode()
    assert (
        f"ES What causes cramps? SymptomSite. Traducción revisada por Dra Lucía Méndez, MD. Revisada el {today}. "
        f"Consultado el [fecha en que lo leyó]. {SITE}/es/symptoms/cramps/"
    ) in page
    ris = client.get("/es/symptoms/cramps/cite.ris").content.decode()
    assert "TI  - ES What causes cramps?" in ris and "LA  - es" in ris and f"UR  - {SITE}/es/symptoms/cramps/" in ris
    assert "language = {spanish}" in client.get("/es/symptoms/cramps/cite.bib").content.decode()
    assert "Medically reviewed by" in client.get("/symptoms/cramps/").content.decode()  # the English, as it was
