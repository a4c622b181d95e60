import pytest
from django.urls import reverse

from articles.models import Urgency
from tests.factories import ArticleFactory, ConditionFactory, EntryFactory, EntryGroupFactory, SectionFactory, publish

pytestmark = pytest.mark.django_db


def symptom(slug, causes, emergency=()):
    article = ArticleFactory(slug=slug, title=slug.replace("-", " ").capitalize())
    section = SectionFactory(article=article)
    normal = EntryGroupFactory(section=section, order=0, heading="Causes")
    for i, condition in enumerate(causes):
        EntryFactory(group=normal, order=i, condition=condition)
    if emergency:
        urgent = EntryGroupFactory(section=section, order=1, heading="Serious", urgency=Urgency.EMERGENCY)
        for i, condition in enumerate(emergency):
            EntryFactory(group=urgent, order=i, condition=condition)
    publish(article)
    return article


@pytest.fixture
def symptoms():
    ms = ConditionFactory(name="Multiple sclerosis", slug="ms", gloss="nerve coating damage")
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="blood flow to the brain stops")
    anaemia = ConditionFactory(name="Anaemia", slug="anaemia", gloss="too few red blood cells")
    symptom("weakness", [ms, anaemia], emergency=[stroke])
    symptom("numbness", [ms], emergency=[stroke])
    symptom("fatigue", [anaemia, ms])
    ArticleFactory(slug="overview-only", live=True)  # lists no causes: not offered as a symptom
    return {"ms": ms, "stroke": stroke, "anaemia": anaemia}


def causes(client, *slugs):
    response = client.get(reverse("public:navigator"), {"s": list(slugs)})
    assert response.status_code == 200
    return response, [(c["name"], len(c["symptoms"]), c["emergency"]) for c in response.context.get("causes", [])]


def test_shared_causes_rank_first_and_emergencies_are_flagged(client, symptoms):
    response, ranked = causes(client, "weakness", "numbness", "fatigue")
    assert ranked == [("Multiple sclerosis", 3, False), ("Stroke", 2, True), ("Anaemia", 2, False)]
    page = response.content.decode()
    assert "Some of these can be emergencies" in page and "might have Stroke." in page
    assert "not a diagnosis" in page


def test_unknown_choices_are_ignored_with_a_message(client, symptoms):
    response, ranked = causes(client, "weakness", "no-such-symptom", "<script>")
    assert [name for name, _, _ in ranked] == ["Stroke", "Anaemia", "Multiple sclerosis"]  # ties: emergencies first
    assert "We ignored 2 choices" in response.content.decode()


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
    assert page.index("Anaemia") < page.index("Multiple sclerosis") < page.index("Stroke")
    assert "Zebra fever" not in page
    assert '<a href="#letter-S">S</a>' in page
