"""A translation to and from XLIFF 2.0 for translation agencies: lossless, and refused
when made from older English, in another language, or hostile."""

import pytest
from django.urls import reverse

from articles import xliff
from articles.history import acting_as
from articles.models import ContentChange, Translation
from tests.factories import editor_user, publish
from tests.helpers import edit, login
from tests.translating import cramps, translate

pytestmark = pytest.mark.django_db

TRICKY = "Línea 1 & <b>no</b> \"citas\" 'sí'\r\nLínea 2 con 🩺 y  dos espacios\n\n- lista **negrita** [1]\t"


@pytest.fixture
def translation():
    return translate(cramps(), editor_user("translator"))


def texts(translation):
    return dict(translation.segments.values_list("key", "text"))


def test_the_round_trip_is_lossless(translation):
    translator = editor_user("translator")
    with acting_as(translator):
        segment = translation.segments.get(key="lead")
        segment.text = TRICKY
        segment.save()
        optional = translation.segments.filter(required=False).first()
        optional.text = ""
        optional.save()
    before = texts(translation)
    data = xliff.export(translation)
    assert b"&#13;" in data and b'srcLang="en-US" trgLang="es"' in data
    with acting_as(translator):
        translation.segments.update(text="")
    assert xliff.import_into(translation, data, by=translator) == len([t for t in before.values() if t])
    assert texts(translation) == before


def test_an_agencys_file_is_imported_as_the_editor_who_uploads_it(client, translation):
    importer = editor_user("importer")
    login(client, importer)
    data = xliff.export(translation).replace(b"ES What causes cramps?", b"\xc2\xbfQu\xc3\xa9 causa los calambres?")
    url = reverse("admin:articles_translation_xliff_import", args=[translation.pk])
    response = client.post(url, {"file": _upload(data)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    segment = translation.segments.get(key="question")
    assert segment.text == "¿Qué causa los calambres?"
    change = ContentChange.objects.filter(model="translatedsegment", object_id=segment.pk).order_by("-pk").first()
    assert change.actor == importer
    exported = client.get(reverse("admin:articles_translation_xliff", args=[translation.pk]))
    assert exported["Content-Disposition"] == 'attachment; filename="cramps.es.xlf"'
    assert "¿Qué causa los calambres?".encode() in exported.content


def test_a_file_made_from_older_english_is_refused(client, translation):
    data = xliff.export(translation)
    article = translation.article
    edit(article, editor_user("editor"), lead="A clearer lead.")
    publish(article)
    translate(article, editor_user("translator"), only=("nothing",))  # brought up to date
    translation.refresh_from_db()
    before = texts(translation)
    with pytest.raises(xliff.XliffError, match="other English"):
        xliff.import_into(translation, data, by=editor_user("translator"))
    assert texts(translation) == before
    login(client, editor_user("importer"))
    url = reverse("admin:articles_translation_xliff_import", args=[translation.pk])
    response = client.post(url, {"file": _upload(data)})
    assert response.status_code == 400 and "other English" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.replace(b'trgLang="es"', b'trgLang="fr"'), "not “es”"),
        (lambda d: d.replace(b'name="title"', b'name="nowhere"'), "does not have"),
        (lambda d: d.replace(b'<source xml:space="preserve">Cramps</source>', b"<source>Other</source>"), "English"),
        (lambda d: d.replace(b'version="2.0"', b'version="1.2"'), "not XLIFF 2.0"),
        (lambda d: d[:-20], "not well-formed"),
        (lambda d: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + d[38:], "DOCTYPE"),
        (lambda d: d.replace(b"ES Cramps</target>", b"ES <g id='1'>Cramps</g></target>"), "inline markup"),
        (lambda d: d + b" " * xliff.MAX_BYTES, "larger than"),
    ],
)
def test_a_wrong_or_hostile_file_changes_nothing(translation, change, message):
    before = texts(translation)
    with pytest.raises(xliff.XliffError, match=message):
        xliff.import_into(translation, change(xliff.export(translation)), by=editor_user("translator"))
    assert texts(translation) == before


def test_only_editors_import(client, translation, reviewer):
    login(client, reviewer)
    url = reverse("admin:articles_translation_xliff_import", args=[translation.pk])
    assert client.post(url, {"file": _upload(xliff.export(translation))}).status_code == 403
    assert Translation.objects.get().pk == translation.pk


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cramps.es.xlf", data, content_type="application/xliff+xml")
