"""Author checks (articles/checks.py): each check fires on a crafted document and stays
quiet on a clean one; the figures are sane; the demo article is checked fast; the submit
and review pages show the checks; citations link to their reference on the public page."""

import copy
import subprocess
import sys
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.checks import (
    ADVICE,
    INFO,
    Finding,
    check_document,
    known_condition_names,
    reading_ages,
)
from articles.document import load_document
from articles.models import Article
from reviews.workflow import services
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    ReferenceFactory,
    SectionFactory,
    full_article,
    publish,
)

SIMPLE = (
    "Your back may hurt after you lift something heavy. Rest for a day or two. Then move about a bit more each day."
)
COMPLEX = (
    "Neurogenic atrophy, characterised by progressive denervation of skeletal musculature, frequently necessitates "
    "comprehensive neurophysiological evaluation. Electromyographic investigation differentiates myopathic from "
    "neuropathic pathology with considerable diagnostic reliability. Consequently, multidisciplinary rehabilitation "
    "incorporating physiotherapeutic intervention is indicated. Prognosis depends substantially upon the "
    "underlying aetiology and the promptness of therapeutic intervention."
)
LONG = (
    "If the pain in your lower back spreads down one of your legs and you also notice numbness or weakness "
    "in that leg or foot, see a doctor the same week."
)  # 31 words

NAMES = {"herniated disc": "Herniated disc", "slipped disc": "Herniated disc", "gout": "Gout", "als": "ALS"}


def entry(name: str, gloss: str = "a plain explanation", also_called: list[str] | None = None) -> dict[str, Any]:
    return {
        "kind": "condition",
        "id": 1,
        "slug": name.lower(),
        "name": name,
        "gloss": gloss,
        "note": "",
        "likelihood": "",
        "also_called": also_called or [],
        "lay_terms": [],
        "codes": {},
        "own_article": None,
    }


def clean_document() -> dict[str, Any]:
    """A document every check is happy with."""
    return {
        "schema": 3,
        "title": "Back pain",
        "question": "What causes back pain?",
        "lead": SIMPLE,
        "care": {"emergency": ["you cannot feel your legs"], "urgent": [], "routine": ["the pain lasts weeks"]},
        "sections": [
            {
                "anchor": "causes",
                "heading": "Causes",
                "body": f"{SIMPLE} Most back pain gets better on its own [1]. See the [NHS page](https://www.nhs.uk/).",
                "groups": [
                    {
                        "heading": "Common causes",
                        "lead_in": "Causes include:",
                        "urgency": "",
                        "entries": [entry("Herniated disc", also_called=["slipped disc"])],
                    }
                ],
            },
            {
                "anchor": "questions",
                "heading": "Questions",
                "body": "",
                "groups": [
                    {"heading": "", "lead_in": "", "urgency": "", "entries": [{"kind": "text", "text": "When?"}]}
                ],
            },
        ],
        "references": [
            {
                "number": 1,
                "title": "Back pain",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/back-pain/",
                "doi": "10.1000/xyz123",
                "pmid": "12345",
                "accessed": "2026-10-01",
                "year": 2024,
            },
        ],  # fmt: skip
    }


def advice(document: dict[str, Any], **kwargs: Any) -> list[Finding]:
    return [f for f in check_document(document, condition_names=NAMES, **kwargs) if f.level == ADVICE]


def causes(document: dict[str, Any]) -> dict[str, Any]:
    return document["sections"][0]


def test_a_clean_document_gets_no_advice_only_figures():
    findings = check_document(clean_document(), condition_names=NAMES)
    assert findings and all(f.level == INFO for f in findings)
    assert {f.check for f in findings} == {"reading-age"}


def test_findings_come_in_page_order_grouped_by_where():
    wheres = [f.where for f in check_document(clean_document())]
    assert list(dict.fromkeys(wheres)) == ["Lead", "When to get help", "Section: Causes", "Section: Questions"]


def test_reading_age_is_low_for_simple_text_and_high_for_complex_text():
    document = clean_document()
    causes(document)["body"] = COMPLEX + " [1]"
    ages = {where: (grade, age) for where, grade, age in reading_ages(document)}
    assert ages["Lead"][1] <= 9
    assert ages["Section: Causes"][1] >= 16
    assert ages["Section: Causes"][1] == round(ages["Section: Causes"][0] + 5)
    [hard] = [f for f in advice(document) if f.check == "reading-age"]
    assert hard.where == "Section: Causes" and "harder than the 9 to 11" in hard.message


def test_reading_age_of_a_short_text_is_shown_but_not_advised_on():
    document = clean_document()
    document["lead"] = "Neurogenic atrophy necessitates electromyographic investigation."
    [lead] = [f for f in check_document(document) if f.where == "Lead"]
    assert lead.level == INFO and "too little text to judge" in lead.message


def test_sentences_over_25_words_are_quoted_a_few_at_a_time():
    document = clean_document()
    document["lead"] = LONG
    [finding] = [f for f in advice(document) if f.check == "long-sentence"]
    assert finding.where == "Lead"
    assert "1 sentence has more than 25 words: “If the pain in your lower…” (31 words)" in finding.message

    document["lead"] = " ".join([LONG] * 5)
    [finding] = [f for f in advice(document) if f.check == "long-sentence"]
    assert finding.message.count("(31 words)") == 3 and "and 2 more" in finding.message


def test_a_condition_without_a_gloss_is_named():
    document = clean_document()
    causes(document)["groups"][0]["entries"].append(entry("Spinal stenosis", gloss=" "))
    [finding] = advice(document)
    assert (finding.check, finding.where) == ("no-gloss", "Section: Causes")
    assert "“Spinal stenosis” has no gloss" in finding.message


def test_a_condition_named_in_the_text_without_an_entry_is_pointed_out():
    document = clean_document()
    causes(document)["groups"][0]["entries"] = []
    causes(document)["body"] += "\n\nA slipped\ndisc can press on a nerve. So can gout [1]."
    findings = [f for f in advice(document) if f.check == "condition-without-entry"]
    assert [f.message.split(" is mentioned")[0] for f in findings] == ["“slipped disc” (Herniated disc)", "“gout”"]
    assert all(f.where == "Section: Causes" for f in findings)


def test_names_are_matched_as_whole_words_and_short_names_are_ignored():
    document = clean_document()
    causes(document)["body"] += " A ragout is not gouty. ALS is short. The herniated discs [1]."
    assert not [f for f in advice(document) if f.check == "condition-without-entry"]
    # Without the names (the caller passes them), nothing is looked for.
    causes(document)["groups"][0]["entries"] = []
    causes(document)["body"] += " Gout."
    assert [f.check for f in advice(document)] == ["condition-without-entry"]
    assert "condition-without-entry" not in {f.check for f in check_document(document)}


def test_the_article_subject_is_not_reported_as_a_missing_entry():
    document = clean_document()
    document["title"], document["question"] = "Gout", "What is gout?"
    document["lead"] = "Gout is a kind of arthritis. It makes joints hot and sore. It often starts in a big toe."
    assert not [f for f in advice(document) if f.check == "condition-without-entry"]


def test_a_section_without_a_citation_and_a_citation_without_a_reference():
    document = clean_document()
    causes(document)["body"] = "Most back pain gets better [1](https://example.org/) and [3] and `[1]`."
    checks = sorted(f.check for f in advice(document))
    assert checks == ["no-citation", "unknown-citation"]
    [unknown] = [f for f in advice(document) if f.check == "unknown-citation"]
    assert unknown.message.startswith("[3] cites no reference: the article has 1.")


def test_an_article_without_references():
    document = clean_document()
    document["references"] = []
    checks = [(f.check, f.where) for f in advice(document)]
    assert ("no-references", "References") in checks
    assert ("unknown-citation", "Section: Causes") in checks and ("no-citation", "Section: Causes") in checks


def test_links_in_bodies_that_are_not_https():
    document = clean_document()
    causes(document)["body"] += (
        " [a](http://nhs.uk/) [b](ftp://files.example/x) [c](mailto:help@nhs.uk) [d](/symptoms/x/) [e](#top)"
        ' <a href="http://raw.example/">f</a> <http://auto.example/>'
    )
    messages = [f.message for f in advice(document) if f.check == "insecure-link"]
    assert messages == [
        "The link to http://nhs.uk/ is not secure: use https:// if the site has it.",
        "The link to ftp://files.example/x is not an https:// web page: link to one.",
        "The link to http://raw.example/ is not secure: use https:// if the site has it.",
        "The link to http://auto.example/ is not secure: use https:// if the site has it.",
    ]


def test_reference_addresses_the_link_checker_would_report():
    document = clean_document()
    document["references"][0].update(url="http://www.nhs.uk/back pain", doi="https://doi.org/10.1/x", pmid="PMC12")
    findings = [f for f in advice(document) if f.where == "Reference 1"]
    assert {f.check for f in findings} == {"reference-url"}
    messages = " ".join(f.message for f in findings)
    assert "http://www.nhs.uk/back pain: It contains spaces" in messages
    assert "It uses http://, not https://" in messages
    assert "DOI https://doi.org/10.1/x: The DOI in it is malformed" in messages
    assert "PubMed ID PMC12: a PubMed ID is digits only." in messages


def test_old_snapshots_without_newer_keys_are_checked():
    document = clean_document()
    del document["care"]
    for section in document["sections"]:
        for group in section["groups"]:
            for item in group["entries"]:
                item.pop("also_called", None)
                item.pop("likelihood", None)
    assert [f.where for f in check_document(document, condition_names=NAMES)][0] == "Lead"


def test_checking_does_not_change_the_document():
    document = clean_document()
    before = copy.deepcopy(document)
    check_document(document, condition_names=NAMES)
    assert document == before


def test_textstat_works_offline_and_is_the_pinned_version():
    # 0.7.9 and later fetch nltk data at run time; the site has no network to give it.
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs): raise OSError('network used')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "import textstat\n"
        "assert textstat.__version__ == (0, 7, 8), textstat.__version__\n"
        "print(textstat.flesch_kincaid_grade('The cat sat on the mat. It was warm. The dog slept.'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 3


@pytest.mark.django_db
def test_known_condition_names_are_names_and_synonyms_in_one_query(django_assert_num_queries):
    ConditionFactory(name="Herniated disc", slug="herniated-disc", synonyms="Slipped  disc\n\nProlapsed disc\n")
    with django_assert_num_queries(1):
        names = known_condition_names()
    assert names == {
        "herniated disc": "Herniated disc",
        "slipped disc": "Herniated disc",
        "prolapsed disc": "Herniated disc",
    }


@pytest.mark.django_db
def test_the_demo_seed_article_is_checked_quickly():
    call_command("load_demo", verbosity=0)
    names = known_condition_names()
    document = load_document(Article.objects.get(slug="muscle-atrophy").pk)
    reading_ages(clean_document())  # textstat loads its pronouncing dictionary once per process
    started = time.perf_counter()
    findings = check_document(document, condition_names=names)
    assert time.perf_counter() - started < 0.2
    assert any(f.level == ADVICE for f in findings)
    # Its causes section cites the MedlinePlus page; the complications section cites nothing.
    by_where = {(f.where, f.check) for f in findings}
    assert ("Section: Common causes of muscle atrophy", "no-citation") not in by_where
    assert ("Section: Potential complications of muscle atrophy", "no-citation") in by_where


@pytest.mark.django_db
def test_the_submit_page_shows_the_checks_of_each_article(editor_client):
    first = full_article(live=False, title="Back pain")
    second = full_article(live=False, title="Joint pain")
    SectionFactory(article=first, order=3, heading="Outlook", body="It usually gets better.")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected", "_selected_action": [first.pk, second.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "admin_extra/author-checks.css" in page
    assert f'<h2 id="author-checks-{first.pk}"' in page and f'<h2 id="author-checks-{second.pk}"' in page
    assert "Author checks: Back pain" in page and "Author checks: Joint pain" in page
    assert "Advice only: nothing here stops saving, submitting or approving." in page
    assert "Section: Outlook" in page and "No reference is cited in the text." in page
    assert "No problems found." not in page


@pytest.mark.django_db
def test_the_review_page_shows_the_checks_of_the_revision(reviewer_client, editor):
    article = full_article(live=False)
    SectionFactory(article=article, order=3, heading="Outlook", body="It usually gets better.")
    revision = services.submit_for_review(article=article, by=editor, summary="First")
    # What the reviewer reads is the revision, not later edits to the working copy.
    Article.objects.filter(pk=article.pk).update(lead="Changed after submitting.")
    page = reviewer_client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    decision, checks = page.index('id="decision-h"'), page.index('id="author-checks-page"')
    assert decision < checks  # in the right-hand column, after the decision
    section = page[checks:]
    assert "Section: Outlook" in section and "No reference is cited in the text." in section
    assert "Changed after submitting." not in section


@pytest.mark.django_db
def test_the_review_page_says_when_there_is_no_advice(reviewer_client, editor):
    article = ArticleFactory(lead="Rest helps. Move a bit each day. It gets better.")
    ReferenceFactory(article=article, order=1)
    revision = services.submit_for_review(article=article, by=editor, summary="First")
    page = reviewer_client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert "No problems found." in page and "Reading age about" in page


@pytest.mark.django_db
def test_citations_link_to_their_reference_on_the_public_page(client):
    article = ArticleFactory(slug="cited")
    SectionFactory(
        article=article, order=1, body="Most back pain gets better [1]. See also [2] and [1](https://nhs.uk/)."
    )
    ReferenceFactory(article=article, order=1)
    publish(article)
    page = client.get(reverse("public:detail", args=["cited"])).content.decode()
    assert '<sup><a href="#ref-1" rel="noopener noreferrer nofollow">[1]</a></sup>' in page
    assert '<li id="ref-1">' in page
    assert "See also [2] and" in page  # no reference 2: left as typed
    assert '<a href="https://nhs.uk/" rel="noopener noreferrer nofollow">1</a>' in page


@pytest.mark.django_db
def test_a_condition_entry_from_the_database_is_checked_for_its_gloss():
    article = ArticleFactory()
    group = EntryGroupFactory(section=SectionFactory(article=article, body="Text [1]."))
    EntryFactory(group=group, condition=ConditionFactory(name="Sciatica", slug="sciatica", gloss=""))
    ReferenceFactory(article=article)
    document = load_document(article.pk)
    assert [f.check for f in check_document(document) if f.level == ADVICE] == ["no-gloss"]


def test_a_reference_without_a_year_or_a_date_accessed_is_pointed_out(client, editor, reviewer):
    undated = {"number": 1, "title": "Back pain", "publisher": "NHS", "url": "https://www.nhs.uk/", "accessed": None}
    document = {**clean_document(), "references": [undated]}
    assert [f.message.split(":")[0] for f in advice(document) if f.check == "reference-date"] == [
        "No year",
        "No date accessed",
    ]
    article = full_article(slug="dated", live=False)
    ReferenceFactory(article=article, order=99, title="Back pain", publisher="NHS", year=2024)
    publish(article, editor=editor, reviewer=reviewer)
    assert "Back pain. NHS. 2024." in client.get("/symptoms/dated/").content.decode()
