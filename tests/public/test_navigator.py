import pytest
from django.urls import reverse

from articles.models import WarningSign
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    symptom,
)
from tests.helpers import edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def symptoms():
    ms = ConditionFactory(name="Multiple sclerosis", slug="ms", gloss="nerve coating damage")
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="blood flow to the brain stops")
    anemia = ConditionFactory(name="Anemia", slug="anemia", gloss="too few red blood cells")
    heart = ConditionFactory(name="Heart attack", slug="heart-attack", gloss="a blocked heart artery")
    face = ("emergency", "your face is drooping on one side")
    symptom("Weakness", (ms, "less common"), (anemia, "common"), emergency=[(stroke, "rare")], care=[face])
    symptom(
        "Numbness",
        (ms, "less common"),
        emergency=[(stroke, "rare")],
        care=[face, ("urgent", "numbness keeps coming back")],
    )
    symptom("Fatigue", (anemia, "common"), (ms, "rare"), (heart, "rare"))
    ArticleFactory(slug="overview-only", live=True)  # lists no causes: not offered as a symptom
    return {"ms": ms, "stroke": stroke, "anemia": anemia, "heart": heart}


def causes(client, *slugs):
    response = client.get(reverse("public:navigator"), {"s": list(slugs)})
    assert response.status_code == 200
    ranked = [(c["name"], len(c["symptoms"]), c["likelihood"]) for c in response.context.get("causes", [])]
    return response, ranked


def test_causes_explaining_more_symptoms_come_first_then_common_before_rare(client, symptoms):
    response, ranked = causes(client, "weakness", "numbness", "fatigue")
    assert ranked == [
        ("Multiple sclerosis", 3, "less common"),
        ("Anemia", 2, "common"),
        ("Stroke", 2, "rare"),
        ("Heart attack", 1, "rare"),
    ]
    assert "not a diagnosis" in response.content.decode()


def test_with_fatigue_alone_the_common_cause_comes_first(client, symptoms):
    _, ranked = causes(client, "fatigue")
    assert [name for name, _, _ in ranked] == ["Anemia", "Heart attack", "Multiple sclerosis"]


def test_advice_comes_first_in_symptom_words_never_disease_names(client, symptoms):
    response, _ = causes(client, "weakness", "numbness")
    page = response.content.decode()
    care = response.context["care"]
    assert care["emergency"]["first"] == [("your face is drooping on one side", ["Weakness", "Numbness"])]
    assert care["urgent"]["first"] == [("numbness keeps coming back", ["Numbness"])]
    assert 'your face is drooping on one side <span class="care__for">(Weakness, Numbness)</span>' in page
    assert page.index("Emergency: call 911 now if") < page.index("Possible causes") < page.index('id="choose"')
    assert "might have" not in page


def test_an_emergency_is_an_emergency_only_for_the_symptom_that_says_so(client, symptoms):
    response, _ = causes(client, "weakness", "fatigue")
    stroke = next(c for c in response.context["causes"] if c["name"] == "Stroke")
    anemia = next(c for c in response.context["causes"] if c["name"] == "Anemia")
    assert [s["page"].slug for s in stroke["symptoms"] if s["urgency"] == "emergency"] == ["weakness"]
    assert all(s["urgency"] == "normal" for s in anemia["symptoms"])


def test_unknown_choices_are_ignored_with_a_message(client, symptoms):
    response, ranked = causes(client, "weakness", "no-such-symptom", "<script>")
    assert [name for name, _, _ in ranked] == ["Anemia", "Multiple sclerosis", "Stroke"]
    assert "We ignored 2 choices" in response.content.decode()


def test_control_characters_in_a_choice_or_a_name_are_ignored_not_a_500(client, symptoms):
    """PostgreSQL refuses text holding a NUL byte; a reader's URL may hold one anyway
    (found by tests/public/test_fuzz.py)."""
    response = client.get(reverse("public:navigator"), {"s": ["weakness", "weak\x00ness"], "q": "we\x00ak"})
    assert response.status_code == 200
    assert response.context["named"] == "we ak" and [page.slug for page in response.context["chosen"]] == ["weakness"]
    assert "We ignored 1 choice" in response.content.decode()


def test_empty_navigator_shows_the_form_and_only_symptoms_with_causes(client, symptoms):
    response = client.get(reverse("public:navigator"))
    page = response.content.decode()
    assert 'type="checkbox"' in page and 'value="weakness"' in page
    assert 'value="overview-only"' not in page
    assert "Possible causes" not in page
    assert "csrfmiddlewaretoken" not in page and "Set-Cookie" not in response.headers


def test_choices_stay_ticked_for_a_shareable_url(client, symptoms):
    page = client.get(reverse("public:navigator") + "?s=weakness&s=fatigue").content.decode()
    assert page.count("checked") == 2


def test_drafts_never_feed_the_navigator(client, symptoms):
    draft = ArticleFactory(slug="draft")
    EntryFactory(group=EntryGroupFactory(section=SectionFactory(article=draft)), condition=symptoms["stroke"])
    _, ranked = causes(client, "draft")
    assert ranked == []


def test_conditions_a_to_z_lists_live_conditions(client, symptoms):
    ConditionFactory(name="Zebra fever", slug="zebra")  # in no live article
    page = client.get(reverse("public:conditions")).content.decode()
    assert page.index("Anemia") < page.index("Multiple sclerosis") < page.index("Stroke")
    assert "Zebra fever" not in page
    assert '<a href="#letter-S">S</a>' in page


def test_a_sign_given_as_urgent_by_one_symptom_and_emergency_by_another_is_shown_once_as_an_emergency(client, editor):
    """One shared sign, moved up to the emergency tier after Weak was signed off: Weak's
    live page still gives it as urgent until re-reviewed, Dizzy as an emergency."""
    shared, cause = "you suddenly see double", (ConditionFactory(slug="stroke"), "rare")
    symptom("Weak", cause, care=[("urgent", shared)])
    edit(WarningSign.objects.get(text=shared), editor, tier="emergency")
    symptom("Dizzy", cause, care=[("emergency", shared)])
    care = client.get(reverse("public:navigator"), {"s": ["dizzy", "weak"]}).context["care"]
    assert care["emergency"]["first"] == [(shared, ["Dizzy", "Weak"])] and care["urgent"]["total"] == 0


def test_past_eight_signs_the_rest_are_behind_show_all(client):
    symptom("Many", (ConditionFactory(slug="ms"), "rare"), care=[("emergency", f"sign number {n}") for n in range(11)])
    response = client.get(reverse("public:navigator"), {"s": ["many"]})
    care, page = response.context["care"]["emergency"], response.content.decode()
    assert len(care["first"]) == 8 and len(care["more"]) == 3
    assert "<summary>Show all 11 emergency signs</summary>" in page
    assert page.index("sign number 7") < page.index("Show all 11") < page.index("sign number 8")
