"""Every public page is valid HTML per the Nu Html Checker (vnu.jar: tests/html_checker.py)."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, CareTier
from reviews.models import ConditionListing, Publication
from reviews.workflow import services
from tests.factories import UserFactory, give_sign
from tests.html_checker import vnu_problems

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def public_urls(client):
    call_command("load_demo", verbosity=0)
    admin = UserFactory(username="vnu-admin", is_staff=True, is_superuser=True)
    services.withdraw(article=Article.objects.get(slug="back-pain"), by=admin, reason="validity test")
    hold_back_the_spanish("dizziness")
    urls = [
        "/",
        "/symptoms/",
        "/conditions/",
        "/navigator/",
        "/navigator/?s=muscle-weakness&s=fatigue&s=bogus",
        "/search/",
        "/search/?q=atrofy",
        "/search/?q=%21%21",
        "/search/?q=muscle&page=2",
        "/reviewers/rosa-reyes/",
        "/symptoms/muscle-atrophy/report/",
        "/symptoms/muscle-atrophy/report/thanks/",
        "/categories/bones-joints-muscles/",
        "/symptoms/a-z/m/",
        "/symptoms/a-z/m/page/2/",
        "/conditions/a-z/g/",
        "/categories/bones-joints-muscles/page/2/",
        "/no/such/page/",
        "/offline/",
        "/symptoms/back-pain/",
        "/es/",
        "/es/symptoms/",
        "/es/search/?q=me+duele+la+espalda",
        "/es/symptoms/muscle-cramps/",  # stale: the English changed since
        "/es/symptoms/dizziness/",  # held back: its English emergency advice changed
        "/es/symptoms/back-pain/",  # its English was withdrawn
    ]
    urls += [
        f"/symptoms/{slug}/"
        for slug in Publication.objects.public().exclude(slug="back-pain").values_list("slug", flat=True)
    ]
    slugs = ConditionListing.objects.public().values_list("condition_slug", flat=True).distinct()
    urls += [f"/conditions/{slug}/" for slug in sorted(slugs)[:10]]
    return urls


def hold_back_the_spanish(slug):
    """A new emergency sign in the English of ``slug``, signed off: its Spanish is held back."""
    article = Article.objects.get(slug=slug)
    editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
    give_sign(article, 99, CareTier.EMERGENCY, "You have a new emergency sign for this test")
    revision = services.submit_for_review(article=article, by=editor, summary="New sign")
    services.approve(revision=revision, reviewer=reviewer)


def test_the_checker_reports_invalid_html(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p></body></html>')
    assert vnu_problems({str(bad): "bad"})  # so a clean run below means something


def test_every_public_page_is_valid_html(client, tmp_path, monkeypatch):
    from public import queries

    monkeypatch.setattr(queries, "A_TO_Z_PAGE_SIZE", 1)  # so the demo's listings have pagers
    monkeypatch.setattr(queries, "LIST_PAGE_SIZE", 1)
    files = {}
    for n, url in enumerate(public_urls(client)):
        response = client.get(url)
        assert response.status_code in {200, 404, 410}, url
        if "/page/" in url and "/no/such/" not in url:
            assert 'class="pager"' in response.content.decode(), url
        path = tmp_path / f"page{n}.html"
        path.write_bytes(response.content)
        files[str(path)] = url
    assert len(files) > 20
    problems = vnu_problems(files)
    assert problems == [], "\n".join(problems)
