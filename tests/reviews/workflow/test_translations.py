"""A translation's own review, pinned to its English (invariant 14): four eyes for
translators, stale marking in the English sign-off's transaction, and the safety rule for
changed "when to get help" advice."""

import base64
import json
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from articles.document import document_hash
from articles.models import CareTier
from articles.translation import carry_over, segments, translated
from reviews.models import TranslationPublication, TranslationRevision
from reviews.provenance import signing, statements
from reviews.readmodel import publishing
from reviews.workflow import services, translations
from reviews.workflow.services import FourEyesError, ReviewError
from tests.factories import clinician_user, editor_user, give_sign, live_revision, publish
from tests.helpers import edit, sql_update
from tests.translating import cramps, live_spanish, spanish_reviewer, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return cramps()


def test_a_translated_document_keeps_every_value_but_the_text_and_names_its_source():
    document = {
        "schema": 4, "slug": "x", "title": "Cramps", "question": "Why?", "lead": "Lead.", "lay_terms": ["spasm"],
        "care": {"emergency": ["You have chest pain"], "urgent": [], "routine": []},
        "signs": [{"id": 3, "text": "You have chest pain", "condition": ""}],
        "categories": [{"id": 1, "slug": "muscles", "name": "Muscles"}], "overview": None, "related": [],
        "references": [{"number": 1, "title": "Cramps", "url": "https://example.org/", "doi": "", "pmid": ""}],
        "sections": [{"anchor": "causes", "heading": "Causes", "body": "Text.", "groups": [
            {"heading": "", "lead_in": "", "urgency": "normal", "entries": [
                {"kind": "condition", "id": 7, "slug": "dehydration", "name": "Dehydration",
                 "gloss": "Too little water", "note": "", "likelihood": "common", "also_called": [],
                 "lay_terms": [], "codes": {}}]}]}],
    }  # fmt: skip
    keys = [segment.key for segment in segments(document)]
    assert "sections/0/groups/0/entries/0/gloss" in keys and "care/emergency/0" in keys
    texts = {"title": "Calambres", "care/emergency/0": "Tiene dolor en el pecho", "lay_terms": "espasmo\ntirón"}
    spanish = translated(document, texts, language="es", source_hash="a" * 64)
    assert spanish["title"] == "Calambres" and spanish["lay_terms"] == ["espasmo", "tirón"]
    assert spanish["care"]["emergency"] == ["Tiene dolor en el pecho"]
    assert spanish["signs"][0]["text"] == "Tiene dolor en el pecho"
    assert spanish["question"] == "Why?"  # not translated yet: the English stays
    assert (spanish["language"], spanish["translation_of"]) == ("es", "a" * 64)
    assert spanish["references"][0]["url"] == "https://example.org/" and spanish["slug"] == "x"
    # The English moved (a new first section): the text is kept where its English went.
    moved = {**document, "sections": [{"anchor": "new", "heading": "New", "body": "", "groups": []},
                                      *document["sections"]]}  # fmt: skip
    before = {"sections/0/groups/0/entries/0/gloss": ("Too little water", "Poca agua")}
    assert carry_over(moved, before) == {"sections/1/groups/0/entries/0/gloss": "Poca agua"}


def test_a_translator_cannot_approve_their_own_translation(article):
    bilingual = clinician_user("bilingual")
    bilingual.reviewer_profile.languages = "en es"
    bilingual.reviewer_profile.save()
    translation = translate(article, bilingual)
    revision = translations.submit_translation(translation=translation, by=editor_user("submitter"))

    with pytest.raises(FourEyesError):
        translations.approve_translation(revision=revision, reviewer=bilingual)
    assert not TranslationPublication.objects.exists()

    # A second account that wrote one text is barred too, however the rest was written.
    helper = clinician_user("helper")
    helper.reviewer_profile.languages = "es"
    helper.reviewer_profile.save()
    edit(translation.segments.get(key="title"), helper, text="Calambres musculares")
    revision = translations.submit_translation(translation=translation, by=bilingual)
    with pytest.raises(FourEyesError):
        translations.approve_translation(revision=revision, reviewer=helper)
    assert translations.may_approve_translation(helper.pk, revision) is False


def test_who_wrote_the_english_cannot_approve_its_translation(article):
    clinician = clinician_user("writer")
    clinician.reviewer_profile.languages = "en es"
    clinician.reviewer_profile.save()
    edit(article, clinician, lead="Cramps are sudden, painful tightenings of a muscle.")
    publish(article, editor=clinician)
    translation = translate(article, editor_user("translator"))
    revision = translations.submit_translation(translation=translation, by=editor_user("translator"))
    with pytest.raises(FourEyesError):
        translations.approve_translation(revision=revision, reviewer=clinician)


def test_only_a_reviewer_whose_profile_lists_the_language_signs_it_off(article, reviewer):
    translator = editor_user("translator")
    translation = translate(article, translator)
    revision = translations.submit_translation(translation=translation, by=translator)
    with pytest.raises(PermissionDenied, match="does not list es"):
        translations.approve_translation(revision=revision, reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        translations.approve_translation(revision=revision, reviewer=translator)  # not a reviewer at all


def test_the_signed_statement_names_language_translator_reviewer_and_source(article, signing_key):
    translator = editor_user("translator")
    translator.first_name, translator.last_name = "Ana", "Torres"
    translator.save()
    revision, signoff = live_spanish(article, translator=translator, reviewer=spanish_reviewer())
    row = TranslationPublication.objects.get(article=article, language="es")
    source = live_revision(article)
    assert row.is_authentic(revision.snapshot) and not row.stale and row.translators == ["Ana Torres"]
    assert revision.snapshot["translation_of"] == source.content_hash == row.source_hash
    assert revision.snapshot["title"] == "ES Cramps"
    said = json.loads(base64.b64decode(json.loads(row.statement)["payload"]))
    predicate = said["predicate"]
    assert said["subject"][0] == {"name": "es/cramps", "digest": {"sha256": revision.content_hash}}
    assert predicate["language"] == "es" and predicate["translators"] == ["Ana Torres"]
    assert predicate["translation_of"]["digest"]["sha256"] == source.content_hash
    assert predicate["reviewer"]["name"] == "Dra Lucía Méndez"
    assert statements.problems(row.statement, signing.keyring()) == []
    forged = json.loads(row.statement)
    forged["payload"] = base64.b64encode(json.dumps({**said, "translators": ["Someone else"]}).encode()).decode()
    assert statements.problems(json.dumps(forged), signing.keyring())  # the signature covers what it says


def test_a_new_english_revision_marks_translations_stale_in_its_own_transaction(article, editor, reviewer):
    live_spanish(article, translator=editor_user("translator"), reviewer=spanish_reviewer())
    edit(article, editor, lead="Cramps are sudden, painful tightenings of a muscle.")
    revision = services.submit_for_review(article=article, by=editor, summary="Lead")

    # The English sign-off fails after the translation was marked: nothing of it stays.
    with mock.patch.object(publishing, "log_signoff", side_effect=RuntimeError("log down")):
        with pytest.raises(RuntimeError):
            services.approve(revision=revision, reviewer=reviewer)
    row = TranslationPublication.objects.get(article=article)
    assert not row.stale

    signoff = services.approve(revision=revision, reviewer=reviewer)
    row.refresh_from_db()
    assert row.stale_since == signoff.signed_at and row.stale_source_hash == revision.content_hash
    assert not row.care_changed and row.seal_intact()
    assert list(TranslationPublication.objects.offered()) == [row]  # the advice did not change


def test_changed_care_advice_holds_the_translation_back_until_it_is_reviewed(article, editor, reviewer):
    translator, checker = editor_user("translator"), spanish_reviewer()
    live_spanish(article, translator=translator, reviewer=checker)
    give_sign(article, 1, CareTier.EMERGENCY, "You cannot move one side of your body")
    publish(article, editor=editor, reviewer=reviewer)
    row = TranslationPublication.objects.get(article=article)
    assert row.stale and row.care_changed and not TranslationPublication.objects.offered().exists()

    # Stale translations cannot be approved, only brought up to date and translated again.
    with pytest.raises(ReviewError, match="changed since"):
        translations.submit_translation(translation=row.article.translations.get(), by=translator)
    translation = translate(article, translator, prefix="ES2 ", only=("care/",))
    assert not translation.segments.filter(required=True, text="").exists()  # the rest was kept
    revision = translations.submit_translation(translation=translation, by=translator)
    translations.approve_translation(revision=revision, reviewer=checker)
    row.refresh_from_db()
    assert not row.stale and not row.care_changed and row.content_hash == revision.content_hash


def test_a_translation_is_current_again_when_the_english_goes_back_to_what_it_translates(article, editor, reviewer):
    live_spanish(article, translator=editor_user("translator"), reviewer=spanish_reviewer())
    lead = article.lead
    edit(article, editor, lead="A different lead.")
    publish(article, editor=editor, reviewer=reviewer)
    assert TranslationPublication.objects.get(article=article).stale
    edit(article, editor, lead=lead)
    publish(article, editor=editor, reviewer=reviewer)
    assert not TranslationPublication.objects.get(article=article).stale


def test_an_approval_of_a_translation_of_english_no_longer_live_is_refused(article, editor, reviewer):
    translator = editor_user("translator")
    revision = translations.submit_translation(translation=translate(article, translator), by=translator)
    edit(article, editor, lead="A newer lead.")
    publish(article, editor=editor, reviewer=reviewer)
    with pytest.raises(ReviewError, match="English page has changed"):
        translations.approve_translation(revision=revision, reviewer=spanish_reviewer())


def test_an_incomplete_translation_is_not_submitted(article):
    translator = editor_user("translator")
    translation = translate(article, translator, only=("title",))
    with pytest.raises(ReviewError, match="still need a translation"):
        translations.submit_translation(translation=translation, by=translator)


def test_a_translation_revision_changed_in_the_database_is_not_signed(article):
    translator = editor_user("translator")
    revision = translations.submit_translation(translation=translate(article, translator), by=translator)
    snapshot = {**revision.snapshot, "title": "Otra cosa"}
    changed = TranslationRevision.objects.filter(pk=revision.pk)
    sql_update(changed, snapshot=snapshot, content_hash=document_hash(snapshot))
    with pytest.raises(ReviewError, match="no longer matches"):
        translations.approve_translation(revision=revision, reviewer=spanish_reviewer())


def test_verification_finds_a_translation_changed_or_written_back(article):
    from reviews.operations.verification import verify_records

    live_spanish(article, translator=editor_user("translator"), reviewer=spanish_reviewer())
    assert verify_records() == []
    sql_update(TranslationPublication.objects.all(), title="Otra cosa")
    assert any("its seal or content hash does not match" in problem for problem in verify_records())


def test_rows_made_from_other_english_are_not_submitted(article):
    """Someone with database access points rows at other English (or the translation at a
    newer source without bringing it up to date): their translations would sit beside
    English they do not translate."""
    translator = editor_user("translator")
    translation = translate(article, translator)
    sql_update(translation.segments.filter(key="lead"), source="Some other English lead.")
    with pytest.raises(ReviewError, match="other English than the page now has"):
        translations.submit_translation(translation=translation, by=translator)
    assert not TranslationRevision.objects.exists()
