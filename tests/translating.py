"""Helpers for tests of translations: a Spanish-reading reviewer, a translation written
and submitted, one made live."""

from articles.history import acting_as
from articles.models import CareTier, Translation
from reviews.workflow import translations
from tests.factories import full_article, give_sign, publish, reviewer_user


def cramps():
    """A live English article with an emergency statement: what translations translate."""
    article = full_article(slug="cramps", title="Cramps", question="What causes cramps?")
    give_sign(article, 0, CareTier.EMERGENCY, "You have chest pain")
    publish(article)
    return article


def spanish_reviewer(username="revisora", **profile):
    """A medical reviewer whose profile lists Spanish."""
    user = reviewer_user(username, **{"display_name": "Dra Lucía Méndez", "credentials": "MD", **profile})
    user.reviewer_profile.languages = "en es"
    user.reviewer_profile.save()
    return user


def translate(article, translator, *, prefix="ES ", only=None):
    """``translator`` brings the article's Spanish translation up to date with the live
    English and translates every text (each as ``prefix`` + the English); with ``only``,
    just the segments whose key starts with one of them. Returns the translation."""
    with acting_as(translator):
        translation, _ = Translation.objects.get_or_create(article=article, language="es")
    translations.sync_translation(translation=translation, by=translator)
    translation.refresh_from_db()
    with acting_as(translator):
        for segment in translation.segments.all():
            if only is None or segment.key.startswith(only):
                segment.text = prefix + segment.source
                segment.save()
    return translation


def live_spanish(article, *, translator, reviewer, prefix="ES "):
    """The article's Spanish translation, written and submitted by ``translator`` and
    approved by ``reviewer``: (translation revision, sign-off)."""
    translation = translate(article, translator, prefix=prefix)
    revision = translations.submit_translation(translation=translation, by=translator, summary="Spanish")
    return revision, translations.approve_translation(revision=revision, reviewer=reviewer)
