"""The demo's "when to get help" advice as a clinical reviewer reads it: the warning
signs NHS.UK and NHS 111 send people to emergency care for are in the emergency tier,
each sign is worded once and sits in one tier across the demo, and statements stay short.
No database: these read the demo's files."""

from collections import defaultdict
from difflib import SequenceMatcher
from itertools import combinations

import pytest

from demo.content import DemoContentError, load_content

TIERS = ("emergency", "urgent", "routine")
ARTICLES = {article["slug"]: article for article in load_content().articles}


def statements():
    """(article slug, tier, text) of every care statement in the demo."""
    return [
        (slug, tier, text)
        for slug, article in ARTICLES.items()
        for tier in TIERS
        for text in article["care"].get(tier, [])
    ]


def tier_of(slug, *words):
    """The tiers of ``slug`` whose statements hold every one of ``words``."""
    return {tier for article, tier, text in statements() if article == slug and all(w in text for w in words)}


@pytest.mark.parametrize(
    ("slug", "words", "why"),
    [
        ("back-pain", ("hard to start peeing",), "cauda equina: early bladder signs, not only retention"),
        ("back-pain", ("toilet paper feels different",), "cauda equina: numbness when wiping"),
        ("back-pain", ("genitals", "erection"), "cauda equina: changed sexual function"),
        ("muscle-weakness", ("see double",), "sudden double vision is a stroke sign"),
        ("numbness-and-tingling", ("numb", "chest pain"), "arm numbness with chest pain: a heart attack"),
        ("dizziness", ("stiff neck",), "fever with a stiff neck or a very bad headache: meningitis"),
        ("dizziness", ("head injury",), "dizziness after a head injury"),
        ("fatigue", ("blue, grey, pale or blotchy",), "sepsis: any one sign is enough"),
        ("fatigue", ("rash that does not fade",), "sepsis or meningitis: the glass test"),
        ("muscle-cramps", ("dark brown",), "dark pee with sore, weak muscles: rhabdomyolysis"),
    ],
)
def test_each_dangerous_sign_is_in_its_articles_emergency_tier(slug, words, why):
    assert tier_of(slug, *words) == {"emergency"}, why


def test_no_warning_sign_is_in_two_tiers():
    tiers = defaultdict(set)
    for _slug, tier, text in statements():
        tiers[text].add(tier)
    assert {text: found for text, found in tiers.items() if len(found) > 1} == {}


def test_a_sign_shown_by_several_articles_is_worded_once():
    texts = sorted({text for _, _, text in statements()})
    near = [(a, b) for a, b in combinations(texts, 2) if SequenceMatcher(None, a, b).ratio() > 0.8]
    assert near == []


def test_double_vision_is_never_less_than_an_emergency_in_muscle_weakness():
    assert tier_of("muscle-weakness", "double") == {"emergency"}


def test_care_statements_are_short_and_skin_changes_do_not_rest_on_redness():
    for slug, _tier, text in statements():
        assert len(text.split()) <= 25, (slug, text)
        assert " red" not in text or "darker" in text or "eyes" in text, (slug, text)


SIGNS = {sign["text"]: sign for sign in load_content().signs}


@pytest.mark.parametrize(
    ("words", "condition"),
    [
        (("face droops",), "stroke"),
        (("see double",), "stroke"),
        (("hard to start peeing",), "cauda-equina-syndrome"),
        (("arm or shoulder", "chest pain"), "heart-attack"),
        (("spreads quickly up",), "guillain-barre-syndrome"),
    ],
)
def test_the_signs_of_one_condition_say_so_for_its_page(words, condition):
    (sign,) = [sign for text, sign in SIGNS.items() if all(word in text for word in words)]
    assert sign.get("condition") == condition


def test_every_library_sign_is_given_by_a_demo_article():
    given = {text for _, _, text in statements()}
    assert set(SIGNS) - given == set()


@pytest.mark.parametrize(
    ("signs", "care", "message"),
    [
        (
            "- {text: you faint, tier: emergency}\n",
            "  urgent: [you faint]\n",
            "“you faint” is not in warning_signs.yaml in the urgent tier",
        ),
        ("[]\n", "  emergency: [you faint]\n", "“you faint” is not in warning_signs.yaml in the emergency tier"),
        ("- {text: you faint, tier: emergency, condition: gouty}\n", "  emergency: [you faint]\n", "unknown condition"),
        ("- {text: a, tier: emergency}\n- {text: a, tier: urgent}\n", "  emergency: [a]\n", "“a” is there twice"),
    ],
)
def test_an_article_gives_only_signs_of_the_library_in_their_own_tier(tmp_path, signs, care, message):
    (tmp_path / "articles").mkdir()
    (tmp_path / "categories.yaml").write_text("[]\n")
    (tmp_path / "conditions.yaml").write_text("- {slug: gout, name: Gout}\n")
    (tmp_path / "warning_signs.yaml").write_text(signs)
    (tmp_path / "articles" / "faint.yaml").write_text(
        "slug: faint\ntitle: Faint\nquestion: What causes fainting?\nlead: L.\ncare:\n" + care
    )
    with pytest.raises(DemoContentError, match=message):
        load_content(tmp_path)
