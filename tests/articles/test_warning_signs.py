"""Warning signs are shared, reviewed records: one wording and one tier, given by many
articles, reviewed where they are shown (invariant 6) and under four eyes (invariant 4)."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from articles.document import load_document
from articles.history import acting_as
from articles.models import CareAdvice, WarningSign
from reviews.provenance.models import Action, ReviewEvent
from reviews.readmodel.models import Publication
from reviews.workflow import services
from tests.articles.admin_forms import change_post
from tests.factories import ArticleFactory, ConditionFactory, UserFactory, full_article, publish
from tests.helpers import edit
from tests.reviews.workflow.test_approve import clinician

pytestmark = pytest.mark.django_db

FACE = "your face droops on one side, or your speech is slurred"


def shared_changes(article):
    return Publication.objects.with_shared_changes().get(article=article).shared_changes


@pytest.fixture
def face():
    """The sign of stroke, given by a live article (and by one still a draft)."""
    stroke = ConditionFactory(name="Stroke", slug="stroke")
    return WarningSign.objects.create(text=FACE, tier="emergency", condition=stroke)


def giving(sign, *, slug, live=True):
    article = full_article(slug=slug, live=False)
    CareAdvice.objects.create(article=article, order=0, sign=sign)
    if live:
        publish(article)
    return article


def test_the_document_gives_each_sign_in_its_tier_with_its_identity_and_condition(face):
    article = giving(face, slug="dizzy", live=False)
    document = load_document(article.pk)
    assert document["care"]["emergency"] == [FACE]
    assert document["signs"] == [{"id": face.pk, "text": FACE, "condition": "stroke"}]


def test_the_reviewer_sees_a_reworded_sign_as_one_change_of_its_wording(face):
    from articles.value_diff import value_changes

    article = giving(face, slug="dizzy", live=False)
    before = load_document(article.pk)
    with acting_as(UserFactory(username="reworder")):
        face.text = "one side of your face droops"
        face.save()
    changes = [(where, old, new) for where, old, new in value_changes(before, load_document(article.pk))]
    assert ("When to get help › emergency", [FACE], ["one side of your face droops"]) in changes
    assert ("Warning sign 1 “one side of your face droops” › text", FACE, "one side of your face droops") in changes
    assert len(changes) == 2, changes


def test_rewording_a_sign_in_admin_flags_every_live_article_giving_it_and_readers_keep_the_reviewed_words(
    client, editor_client, face, editor, reviewer
):
    shown, draft = giving(face, slug="dizzy"), giving(face, slug="draft", live=False)
    other = full_article(slug="other")
    response = editor_client.post(
        reverse("admin:articles_warningsign_change", args=[face.pk]),
        {"text": "one side of your face droops", "tier": "emergency", "condition": face.condition_id},
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("1 live article shows this warning sign" in m for m in messages), messages
    assert shared_changes(shown) and not shared_changes(other)
    event = ReviewEvent.objects.get(action=Action.SIGN_CHANGED)
    assert event.article_id == shown.pk and FACE in event.comment and event.article_id != draft.pk
    assert FACE in client.get("/symptoms/dizzy/").content.decode()  # the reviewed wording stays

    revision = services.submit_for_review(article=shown, by=editor, summary="Reworded sign")
    services.approve(revision=revision, reviewer=reviewer)
    assert not shared_changes(shown)
    assert "one side of your face droops" in client.get("/symptoms/dizzy/").content.decode()


@pytest.mark.parametrize("change", [{"tier": "urgent"}, {"condition": None}])
def test_moving_a_sign_to_another_tier_or_condition_flags_the_articles_giving_it(face, editor, change):
    shown = giving(face, slug="dizzy")
    edit(face, editor, **change)
    assert shared_changes(shown)


def test_the_sign_form_says_which_live_articles_give_it(editor_client, face):
    article = giving(face, slug="dizzy")
    page = editor_client.get(reverse("admin:articles_warningsign_change", args=[face.pk])).content.decode()
    assert f"Shown on 1 live article: {article.title}." in page


def test_a_new_wording_close_to_another_sign_is_refused_until_the_editor_says_it_is_different(editor_client, face):
    add = reverse("admin:articles_warningsign_add")
    close = "your face drooping on one side, or your speech is slurred"
    refused = editor_client.post(add, {"text": close, "tier": "emergency", "condition": ""})
    assert refused.status_code == 200 and "reads nearly like another warning sign" in refused.content.decode()
    assert not WarningSign.objects.filter(text=close).exists()
    kept = editor_client.post(add, {"text": close, "tier": "urgent", "condition": "", "different": "on"})
    assert kept.status_code == 302 and WarningSign.objects.get(text=close).tier == "urgent"
    unlike = editor_client.post(add, {"text": "you cough up blood", "tier": "emergency", "condition": ""})
    assert unlike.status_code == 302


def test_an_article_gives_a_sign_once_and_a_sign_in_use_cannot_be_deleted(face):
    article = giving(face, slug="dizzy", live=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        CareAdvice.objects.create(article=article, order=5, sign=face)
    with pytest.raises(ProtectedError):
        face.delete()


def test_an_editor_gives_a_library_sign_from_the_article_page(editor_client, face):
    article = ArticleFactory(slug="picked")
    data = change_post(article)
    data.update({"care_advice-TOTAL_FORMS": "1", "care_advice-0-article": str(article.pk)})
    data.update({"care_advice-0-order": "1", "care_advice-0-sign": str(face.pk)})
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert load_document(article.pk)["care"]["emergency"] == [FACE]


def test_a_clinician_who_reworded_a_sign_cannot_approve_an_article_giving_it(face, editor):
    both = clinician("reworder")
    article = giving(face, slug="dizzy")
    edit(face, both, text="your face suddenly droops on one side")
    revision = services.submit_for_review(article=article, by=editor, summary="new wording")
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)


def test_a_clinician_who_wrote_a_sign_long_ago_cannot_approve_the_article_that_newly_gives_it(editor, reviewer):
    both = clinician("author")
    with acting_as(both):
        sign = WarningSign.objects.create(text="you cough up blood", tier="emergency")
    article = full_article(slug="cough")  # live, without the sign
    with acting_as(editor):
        CareAdvice.objects.create(article=article, order=9, sign=sign)
    revision = services.submit_for_review(article=article, by=editor, summary="adds a sign")
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)
    services.approve(revision=revision, reviewer=reviewer)


def test_an_unrelated_signs_author_may_still_approve(face, editor):
    both = clinician("bystander")
    with acting_as(both):
        WarningSign.objects.create(text="you cough up blood", tier="emergency")
    article = giving(face, slug="dizzy")
    edit(article, editor, lead="A new lead.")
    revision = services.submit_for_review(article=article, by=editor, summary="lead")
    services.approve(revision=revision, reviewer=both)


def test_the_library_is_shown_to_editors_with_how_many_articles_give_each_sign(editor_client, face):
    giving(face, slug="dizzy", live=False)
    page = editor_client.get(reverse("admin:articles_warningsign_changelist")).content.decode()
    assert FACE in page and "Used by an article" in page


def test_a_reader_or_an_editor_without_rights_cannot_change_the_library(client, face):
    outsider = UserFactory(username="outsider", is_staff=True)
    client.force_login(outsider)
    response = client.post(
        reverse("admin:articles_warningsign_change", args=[face.pk]), {"text": "x", "tier": "routine"}
    )
    assert response.status_code == 403
    assert WarningSign.objects.get(pk=face.pk).text == FACE
