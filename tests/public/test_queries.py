"""The reader-facing queries (public/queries.py): public content only, as reviewed."""

import pytest

from public import queries
from public.care import care_for
from reviews.models import Publication
from reviews.workflow import services
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    give_sign,
    publish,
    symptom,
)
from tests.helpers import edit

pytestmark = pytest.mark.django_db


def test_a_to_z_groups_by_first_letter_and_marks_empty_letters():
    context = queries.a_to_z(["banana", "Apple", "avocado", "2-day fever"], lambda name: name)
    assert context["by_letter"] == [("#", ["2-day fever"]), ("A", ["Apple", "avocado"]), ("B", ["banana"])]
    assert ("A", True) in context["letters"] and ("C", False) in context["letters"]


def test_categories_count_public_articles_under_the_newest_reviewed_name(site_admin):
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    symptom("Numbness", category=nerves)
    tingling = symptom("Tingling", category=nerves)
    gone = symptom("Dizziness", category=nerves)
    services.withdraw(article=gone, by=site_admin, reason="check")
    nerves.name = "Brain and nerves"
    nerves.save()
    assert queries.categories() == [("nerves", "Nerves", 2)]  # unreviewed rename not shown
    publish(tingling)
    assert queries.categories() == [("nerves", "Brain and nerves", 2)]


def test_condition_names_come_from_public_articles_only(site_admin):
    gout, lupus = ConditionFactory(slug="gout", name="Gout"), ConditionFactory(slug="lupus", name="Lupus")
    symptom("Joint pain", gout)
    gone = symptom("Rash", lupus)
    services.withdraw(article=gone, by=site_admin, reason="check")
    assert queries.condition_names() == {"gout": "Gout"}


def test_rank_causes_puts_shared_causes_first_then_unrated_by_name(editor):
    stroke = ConditionFactory(slug="stroke", name="Stroke")
    gbs = ConditionFactory(slug="gbs", name="Guillain-Barre syndrome")
    anemia = ConditionFactory(slug="anemia", name="Anemia")
    symptom("Weakness", anemia, gbs, emergency=[stroke])
    symptom("Numbness", gbs)
    weakness, numbness = queries.symptoms(slugs=["weakness", "numbness"])  # as the navigator reads them
    ranked = queries.rank_causes([weakness, numbness])
    assert [c["slug"] for c in ranked] == ["gbs", "anemia", "stroke"]
    assert [s["page"] for s in ranked[0]["symptoms"]] == [numbness, weakness]
    assert ranked[2]["emergency_for"] == [weakness]


def test_care_for_gives_each_statement_once_in_the_symptoms_order(editor):
    one, two = ArticleFactory(slug="one"), ArticleFactory(slug="two")
    for article, texts in [(one, ["you cannot breathe", "your lips turn blue"]), (two, ["you cannot breathe"])]:
        for order, text in enumerate(texts):
            give_sign(article, order, "emergency", text)
        give_sign(article, 9, "routine", "it lasts a week")
        publish(article)
    chosen = list(Publication.objects.filter(slug__in=["two", "one"]).order_by("-slug"))
    # Each sign once, with the symptoms it is for, in the order the symptoms were chosen.
    titles = {page.pk: page.title for page in chosen}
    assert care_for(chosen) == {
        "emergency": [
            ("you cannot breathe", [titles[two.pk], titles[one.pk]]),
            ("your lips turn blue", [titles[one.pk]]),
        ],
        "urgent": [],
    }


def test_symptoms_are_public_articles_that_list_causes(editor):
    symptom("Cramps", ConditionFactory(slug="dehydration"))
    overview = ArticleFactory(slug="what-is-it")
    publish(overview)
    assert [p.slug for p in queries.symptoms()] == ["cramps"]
    edit(overview, editor, title="Changed")  # the working copy never shows
    assert [p.slug for p in queries.symptoms()] == ["cramps"]
