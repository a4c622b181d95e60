"""The author check of warning signs (articles/checks.py): a sign in two tiers, or worded
nearly like another in the article or as other articles give it, is pointed out; the
demo, which shares one wording per sign, draws no such finding."""

import pytest

from articles.checks import check_document
from articles.models import WarningSign
from articles.signs import known_warning_signs
from demo.content import load_content
from tests.factories import ArticleFactory, give_sign

FACE = "your face droops on one side, or your speech is slurred or confused"


def document(**care):
    return {"title": "T", "question": "Q?", "lead": "A lead.", "care": care, "sections": [], "references": []}


def sign_findings(doc, shared=()):
    return [f for f in check_document(doc, shared_signs=shared) if f.check.startswith("sign-")]


def test_a_sign_in_two_tiers_is_pointed_out():
    [finding] = sign_findings(document(emergency=[FACE], urgent=[FACE]))
    assert finding.check == "sign-in-two-tiers" and "emergency and the urgent" in finding.message


def test_a_sign_worded_nearly_like_another_articles_is_pointed_at_that_wording():
    mine = "your face is drooping on one side, or your speech is slurred or confused"
    [finding] = sign_findings(document(emergency=[mine]), shared=[FACE])
    assert finding.check == "sign-wording" and FACE in finding.message and mine in finding.message


def test_two_wordings_of_one_sign_in_one_article_are_pointed_out():
    assert [f.check for f in sign_findings(document(emergency=[FACE, FACE.replace("droops", "drops")]))] == [
        "sign-wording"
    ]


def test_the_same_wording_as_other_articles_and_different_signs_are_quiet():
    care = {"emergency": [FACE, "you cannot pee"], "urgent": ["your calf is swollen and warm"]}
    assert sign_findings(document(**care), shared=[FACE, "you have chest pain"]) == []


def test_the_demo_gives_each_sign_one_wording_in_one_tier():
    articles = load_content().articles
    found = {}
    for article in articles:
        others = [
            text for other in articles if other is not article for texts in other["care"].values() for text in texts
        ]
        found[article["slug"]] = sign_findings(document(**article["care"]), shared=others)
    assert {slug: findings for slug, findings in found.items() if findings} == {}


@pytest.mark.django_db
def test_known_signs_are_the_library_most_given_first_without_the_article_s_own():
    one, two = ArticleFactory(slug="one"), ArticleFactory(slug="two")
    for order, article in enumerate([one, two]):
        give_sign(article, order, "emergency", FACE)
    give_sign(two, 5, "urgent", "only in two")
    WarningSign.objects.create(text="given by no article yet", tier="routine")
    assert known_warning_signs() == [FACE, "only in two", "given by no article yet"]
    assert known_warning_signs(besides=one.pk) == ["only in two", "given by no article yet"]
    assert known_warning_signs(besides=two.pk) == ["given by no article yet"]
