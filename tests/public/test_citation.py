""" "Cite this page": AMA and APA on the article page, RIS and BibTeX files, all naming the
live revision's title, reviewer and last review, with the accessed date left to the reader."""

import datetime

import pytest
from django.test import override_settings

from reviews.workflow import services
from tests.factories import editor_user, full_article, publication, reviewer_user

pytestmark = pytest.mark.django_db

REVIEWED = datetime.datetime(2026, 8, 3, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def article():
    reviewer_user("rosa", display_name="Dr Rosa Reyes", credentials="MD, FACS")
    article = full_article(slug="muscle-atrophy", question="What causes muscle atrophy?", live=False)
    revision = services.submit_for_review(article=article, by=editor_user("ed"), summary="x", now=REVIEWED)
    services.approve(revision=revision, reviewer=reviewer_user("rosa"), now=REVIEWED)
    return article


@override_settings(SITE_URL="https://symptoms.example.org", SITE_NAME="SymptomSite")
def test_the_article_page_offers_ama_and_apa_citations(client, article):
    page = client.get("/symptoms/muscle-atrophy/").content.decode()
    assert "Cite this page" in page
    assert (
        "What causes muscle atrophy? SymptomSite. Medically reviewed by Dr Rosa Reyes, MD, FACS. "
        "Reviewed August 3, 2026. Accessed [date you read it]. https://symptoms.example.org/symptoms/muscle-atrophy/"
    ) in page
    assert (
        "SymptomSite. (2026, August 3). <i>What causes muscle atrophy?</i> (Medically reviewed by Dr Rosa Reyes, "
        "MD, FACS). Retrieved [date you read it], from https://symptoms.example.org/symptoms/muscle-atrophy/"
    ) in page
    assert 'href="/symptoms/muscle-atrophy/cite.ris" download' in page
    assert 'href="/symptoms/muscle-atrophy/cite.bib" download' in page


@override_settings(SITE_URL="https://symptoms.example.org", SITE_NAME="SymptomSite")
def test_ris_and_bibtex_files(client, article):
    ris = client.get("/symptoms/muscle-atrophy/cite.ris")
    assert ris["Content-Type"].startswith("application/x-research-info-systems")
    assert ris["Content-Disposition"] == 'attachment; filename="muscle-atrophy.ris"'
    lines = ris.content.decode().split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - " and lines[-1] == ""
    assert "TI  - What causes muscle atrophy?" in lines and "DA  - 2026/08/03" in lines
    assert "UR  - https://symptoms.example.org/symptoms/muscle-atrophy/" in lines
    assert "N1  - Medically reviewed by Dr Rosa Reyes, MD, FACS; last reviewed 2026-08-03." in lines

    bib = client.get("/symptoms/muscle-atrophy/cite.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    text = bib.content.decode()
    assert text.startswith("@misc{symptomsite-muscle-atrophy-2026,\n")
    assert "  title = {What causes muscle atrophy?},\n" in text
    assert "  author = {{SymptomSite}},\n" in text and "  month = aug,\n" in text
    assert r"  howpublished = {\url{https://symptoms.example.org/symptoms/muscle-atrophy/}}," in text
    assert text.count("{") == text.count("}")


def test_tex_special_characters_are_escaped(client, article):
    from reviews.readmodel.citation import Citation

    page = publication(article)
    page.question = "Pain & swelling: 100% {odd} #1_$?"
    bib = Citation.of(page).bibtex()
    assert r"title = {Pain \& swelling: 100\% \{odd\} \#1\_\$?}" in bib
    assert "Pain & swelling" not in bib


def test_a_withdrawn_or_unknown_article_has_no_citation_file(client, article, site_admin):
    services.withdraw(article=article, by=site_admin, reason="x")
    assert client.get("/symptoms/muscle-atrophy/cite.ris").status_code == 404
    assert client.get("/symptoms/no-such-page/cite.bib").status_code == 404
