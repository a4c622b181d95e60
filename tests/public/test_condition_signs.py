"""A condition's page lists the warning signs of that condition, as the live articles
that give them word them, and never every sign of every article that lists it."""

import pytest
from django.urls import reverse

from articles.models import WarningSign
from reviews.readmodel.models import CareStatement
from tests.factories import ConditionFactory, symptom
from tests.helpers import edit, sql_update

pytestmark = pytest.mark.django_db

FACE = "your face droops on one side"
ARM = "you suddenly cannot lift one arm"
BLADDER = "you cannot control when you pee"
SPEECH = "your speech is slurred, and it is getting worse over a day"


@pytest.fixture
def stroke():
    stroke = ConditionFactory(name="Stroke", slug="stroke")
    spine = ConditionFactory(name="Cauda equina syndrome", slug="cauda-equina")
    WarningSign.objects.create(text=FACE, tier="emergency", condition=stroke)
    WarningSign.objects.create(text=ARM, tier="emergency", condition=stroke)
    WarningSign.objects.create(text=SPEECH, tier="urgent", condition=stroke)
    WarningSign.objects.create(text=BLADDER, tier="emergency", condition=spine)
    symptom("Dizziness", emergency=[stroke], care=[("emergency", FACE), ("urgent", SPEECH)])
    symptom("Back pain", emergency=[stroke, spine], care=[("emergency", ARM), ("emergency", BLADDER)])
    symptom("Tiredness", stroke, care=[("emergency", "you cannot breathe")])
    return stroke


def signs_on(client, slug="stroke"):
    return client.get(reverse("public:condition", args=[slug])).context["signs"]


def texts(signs, tier):
    return [text for text, _, _ in signs.get(tier, [])]


def test_a_condition_page_lists_its_signs_by_tier_with_the_articles_that_give_them(client, stroke):
    signs = signs_on(client)
    emergency = {text: [page.title for page in pages] for text, pages, _ in signs["emergency"]}
    assert emergency == {FACE: ["Dizziness"], ARM: ["Back pain"]}
    assert [(text, [page.title for page in pages], more) for text, pages, more in signs["urgent"]] == [
        (SPEECH, ["Dizziness"], 0)
    ]
    page = client.get(reverse("public:condition", args=["stroke"])).content.decode()
    assert "Warning signs of Stroke" in page and BLADDER not in page and "you cannot breathe" not in page
    assert page.index(FACE) < page.index(SPEECH)  # emergency first
    assert [text for text, _, _ in signs_on(client, "cauda-equina")["emergency"]] == [BLADDER]


def test_a_sign_given_by_several_articles_is_listed_once_naming_three_and_counting_the_rest(client, stroke):
    for title in ("Weakness", "Numbness", "Confusion", "Blurred vision"):
        symptom(title, stroke, care=[("emergency", FACE)])
    emergency = {text: (pages, more) for text, pages, more in signs_on(client)["emergency"]}
    pages, more = emergency[FACE]
    assert len(pages) == 3 and more == 2  # five articles give it
    page = client.get(reverse("public:condition", args=["stroke"])).content.decode()
    assert page.count(FACE) == 1 and "and 2 more)" in page


def test_a_sign_moved_to_another_condition_stays_where_it_was_reviewed_until_signed_off_again(client, stroke, editor):
    edit(WarningSign.objects.get(text=FACE), editor, condition=None)
    assert FACE in texts(signs_on(client), "emergency")


def test_a_care_row_moved_to_another_condition_in_sql_is_not_shown(client, stroke):
    row = CareStatement.objects.get(text=BLADDER)
    sql_update(CareStatement.objects.filter(pk=row.pk), condition_slug="stroke")
    assert BLADDER not in texts(signs_on(client), "emergency")
    assert BLADDER not in texts(signs_on(client, "cauda-equina"), "emergency")


def test_a_care_row_given_another_signs_identity_in_sql_is_not_merged_or_shown(client, stroke):
    row = CareStatement.objects.get(text=ARM)
    sql_update(CareStatement.objects.filter(pk=row.pk), sign=WarningSign.objects.get(text=FACE).pk)
    assert ARM not in texts(signs_on(client), "emergency")
    care = client.get(reverse("public:navigator"), {"s": ["back-pain"]}).context["care"]
    shown = [text for text, _ in care["emergency"]["first"]]
    assert ARM not in shown and BLADDER in shown


def test_a_condition_without_signs_of_its_own_links_to_the_articles_care_advice(client, stroke):
    lonely = ConditionFactory(name="Gout", slug="gout")
    symptom("Joint pain", emergency=[lonely], care=[("emergency", "a joint is hot and you have a fever")])
    page = client.get(reverse("public:condition", args=["gout"]))
    assert page.context["signs"] == {}
    assert "Gout can be an emergency" in page.content.decode()


def test_a_sign_deleted_from_the_library_stays_on_the_pages_that_were_reviewed_with_it(client, stroke, editor):
    from django.core.management import call_command

    from articles.history import acting_as
    from articles.models import CareAdvice

    with acting_as(editor):
        CareAdvice.objects.filter(sign__text=FACE).delete()  # no working copy gives it any more
        WarningSign.objects.get(text=FACE).delete()
    call_command("rebuild_read_model", verbosity=0)  # rows written again from the signed revisions
    assert FACE in texts(signs_on(client), "emergency")
    assert FACE in client.get("/symptoms/dizziness/").content.decode()


def test_an_older_care_row_written_back_after_a_new_sign_off_is_not_shown(client, stroke, editor):
    """Someone with database access replays the row a previous revision had: its seal
    names that revision's content hash, so it fails against the live one."""
    from articles.models import Article
    from tests.factories import publish

    old = (
        CareStatement.objects.filter(text=FACE)
        .values("publication_id", "tier", "text", "position", "sign", "condition_slug", "seal")
        .get()
    )
    edit(WarningSign.objects.get(text=FACE), editor, text="one side of your face droops")
    publish(Article.objects.get(pk=old["publication_id"]))
    CareStatement.objects.create(**old)  # the old words, with the seal they were written with
    shown = texts(signs_on(client), "emergency")
    assert FACE not in shown and "one side of your face droops" in shown
