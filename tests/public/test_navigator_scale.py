"""The symptom navigator with many symptoms (public/views/navigator.py): a small site
lists every symptom as a checkbox; past MAX_LISTED readers find symptoms by name, a
bounded list at a time, and what they ticked comes back ticked, all without JavaScript,
with a bounded number of queries that read only the columns shown."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from public import queries
from public.views import navigator
from tests.factories import (
    ConditionFactory,
    symptom,
)
from tests.html_checker import vnu_problems

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BIG_COLUMNS = ("snapshot", "history", '"lead"', '"body"', "vector")


@pytest.fixture
def back_and_head_symptoms():
    strain = ConditionFactory(name="Muscle strain", slug="strain")
    migraine = ConditionFactory(name="Migraine", slug="migraine")
    for title in ["Back pain", "Aching back", "Headache", "Head injury", "Neck pain"]:
        symptom(title, migraine if "Head" in title else strain)
    return {"strain": strain, "migraine": migraine}


@pytest.fixture
def many(monkeypatch):
    """Treat the site as large: more symptoms than the navigator lists whole."""
    monkeypatch.setattr(navigator, "MAX_LISTED", 3)


def visit(client, **params):
    response = client.get(reverse("public:navigator"), params)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode() and "Set-Cookie" not in response.headers
    return response


def boxes(response):
    """[(value, checked)] of the symptom checkboxes, in page order."""
    page = response.content.decode()
    return [
        (value, "checked" in tag)
        for tag, value in re.findall(r'(<input type="checkbox"[^>]*value="([^"]+)"[^>]*>)', page)
    ]


def test_a_small_site_lists_every_symptom_and_no_box(client, back_and_head_symptoms):
    response = visit(client)
    assert [value for value, _ in boxes(response)] == [
        "aching-back",
        "back-pain",
        "head-injury",
        "headache",
        "neck-pain",
    ]
    assert 'id="id_q"' not in response.content.decode()


def test_a_large_site_offers_a_box_to_find_symptoms_and_no_list(client, back_and_head_symptoms, many):
    response = visit(client)
    page = response.content.decode()
    assert boxes(response) == []
    assert '<label for="id_q"' in page and 'type="search" name="q"' in page
    assert "Show when to get help" not in page  # nothing to show it for yet


def test_the_box_finds_symptoms_by_part_of_their_name_the_start_first(client, back_and_head_symptoms, many):
    assert boxes(visit(client, q="back")) == [("back-pain", False), ("aching-back", False)]
    assert boxes(visit(client, q="  HEAD  ")) == [("head-injury", False), ("headache", False)]
    assert boxes(visit(client, q="ach")) == [("aching-back", False), ("headache", False)]
    assert boxes(visit(client, q="pain back")) == [("back-pain", False)]  # every word, in any order


def test_the_list_of_matches_is_bounded_and_says_so(client, back_and_head_symptoms, many, monkeypatch):
    monkeypatch.setattr(navigator, "MAX_MATCHES", 2)
    response = visit(client, q="a")
    assert len(boxes(response)) == 2
    assert "here are the first 2" in response.content.decode()


def test_no_match_says_so_and_offers_a_search(client, back_and_head_symptoms, many):
    page = visit(client, q="elbow").content.decode()
    assert "No symptom's name contains “elbow”" in page
    assert 'href="/search/?q=elbow"' in page


def test_chosen_symptoms_stay_ticked_first_and_once_while_finding_more(client, back_and_head_symptoms, many):
    response = visit(client, s=["neck-pain", "headache"], q="head")
    assert boxes(response) == [("neck-pain", True), ("headache", True), ("head-injury", False)]
    assert [page.slug for page in response.context["chosen"]] == ["neck-pain", "headache"]
    assert "Possible causes" in response.content.decode()


def test_chosen_symptoms_stay_ticked_with_an_empty_box(client, back_and_head_symptoms, many):
    assert boxes(visit(client, s=["neck-pain"], q="")) == [("neck-pain", True)]


def test_without_javascript_a_reader_finds_and_ticks_symptoms_one_after_another(client, back_and_head_symptoms, many):
    """What a browser without scripts sends: the form's fields, ticked boxes and the box."""
    response = visit(client)
    chosen = [value for value, ticked in boxes(response) if ticked]
    for name in ["head", "neck"]:
        response = visit(client, s=chosen, q=name)
        found = boxes(response)
        chosen = [value for value, ticked in found if ticked] + [next(v for v, ticked in found if not ticked)]
    response = visit(client, s=chosen, q="neck")
    assert [page.slug for page in response.context["chosen"]] == ["head-injury", "neck-pain"]
    assert [cause["slug"] for cause in response.context["causes"]] == ["migraine", "strain"]
    page = response.content.decode()
    assert page.index("When to get help") < page.index("Possible causes") < page.index('id="choose"')


def test_unknown_and_excess_choices_are_dropped(client, back_and_head_symptoms, many):
    asked = ["nope"] + [f"x{i}" for i in range(60)] + ["neck-pain"]
    response = visit(client, s=asked)
    assert response.context["chosen"] == []  # only the first 50 are read
    assert "We ignored 50 choices" in response.content.decode()


def test_the_causes_shown_are_bounded_and_the_page_says_how_many_more(client, back_and_head_symptoms, monkeypatch):
    monkeypatch.setattr(navigator, "MAX_CAUSES", 1)
    response = visit(client, s=["neck-pain", "headache"])
    assert len(response.context["causes"]) == 1
    assert "our articles list 1 more" in response.content.decode()


def test_rank_causes_reads_only_the_chosen_listings_shown_columns(back_and_head_symptoms):
    chosen = queries.symptoms(slugs=["headache", "back-pain"])
    with CaptureQueriesContext(connection) as log:
        ranked = queries.rank_causes(chosen)
    assert [cause["slug"] for cause in ranked] == ["migraine", "strain"]  # by name, one symptom each
    assert len(log) == 1
    assert "reviews_publication" not in log[0]["sql"]  # the chosen pages are not fetched again
    # The rows' shown columns and their seal (models/listings.py), checked with the chosen
    # pages' content hashes: nothing but the listing table is read.
    assert '"seal"' in log[0]["sql"] and '"snapshot"' not in log[0]["sql"]


def query_log(client, **params):
    with CaptureQueriesContext(connection) as log:
        visit(client, **params)
    return [entry["sql"] for entry in log]


def grow(count):
    strain = ConditionFactory(name="Sprain", slug="sprain")
    for i in range(count):
        symptom(f"Pain number {i}", strain, care=[("emergency", f"you cannot move {i}")])


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "pain"}, {"q": "pain", "s": ["pain-number-0", "pain-number-1", "pain-number-2"]}],
)
def test_the_same_number_of_queries_for_3_and_30_symptoms(client, many, params):
    grow(3)
    few = len(query_log(client, **params))
    spasm = ConditionFactory(name="Spasm", slug="spasm")
    for i in range(3, 30):
        symptom(f"Pain number {i}", spasm, care=[("emergency", "you cannot move")])
    assert len(query_log(client, **params)) == few


def test_no_query_reads_big_columns(client, many):
    grow(3)
    for sql in query_log(client, q="pain", s=["pain-number-0", "pain-number-1"]):
        assert not any(column in sql for column in BIG_COLUMNS), sql


def test_the_pages_for_finding_symptoms_are_valid_html(client, back_and_head_symptoms, many, tmp_path):
    files = {}
    for n, params in enumerate(
        [{}, {"q": "head"}, {"q": "elbow"}, {"q": "a", "s": ["neck-pain"]}, {"s": ["neck-pain", "headache"], "q": ""}]
    ):
        path = tmp_path / f"navigator{n}.html"
        path.write_bytes(visit(client, **params).content)
        files[str(path)] = str(params)
    assert vnu_problems(files) == []
