import json
import re

import pytest
from django.urls import reverse

from tests.factories import CategoryFactory, full_article, publication, publish

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def article(reviewer, editor):
    article = full_article(slug="atrophy", title="Muscle atrophy", question="What causes muscle atrophy?", live=False)
    article.categories.add(CategoryFactory(name="Bones, Joints and Muscles", slug="bones"))
    publish(article, editor=editor, reviewer=reviewer)
    return article


def test_article_page_has_valid_medical_web_page_json_ld(client, article, settings):
    html = client.get("/symptoms/atrophy/").content.decode()
    [data] = json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == publication(article).last_reviewed.isoformat()
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Rosa Reyes",
        "honorificSuffix": "MD, FACS",
        "url": settings.SITE_URL + "/reviewers/reviewer/",
    }
    assert data["about"]["@type"] == "MedicalSignOrSymptom" and data["about"]["name"] == "Muscle atrophy"
    causes = {c["name"]: c for c in data["about"]["cause"]}
    assert causes["Stroke"]["@type"] == "MedicalCause"  # schema.org: cause takes a MedicalCause
    assert data["citation"][0]["url"] == "https://medlineplus.gov/ency/article/003188.htm"
    assert data["publisher"]["name"] == "SymptomSite"
    assert data["dateModified"] == publication(article).last_reviewed.isoformat()
    crumbs = [item["name"] for item in data["breadcrumb"]["itemListElement"]]
    assert crumbs == ["Home", "Bones, Joints and Muscles", "Muscle atrophy"]


def test_article_page_has_canonical_description_and_open_graph(client, article, settings):
    html = client.get("/symptoms/atrophy/").content.decode()
    canonical = settings.SITE_URL + "/symptoms/atrophy/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta name="description" content="A short lead' in html
    assert '<meta property="og:title" content="What causes muscle atrophy?">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert 'aria-label="Breadcrumb"' in html


def test_json_ld_cannot_break_out_of_its_script(client, editor, reviewer):
    article = full_article(slug="evil", question="What causes </script><script>alert(1)</script>?", live=False)
    publish(article, editor=editor, reviewer=reviewer)
    html = client.get("/symptoms/evil/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["name"] == "What causes </script><script>alert(1)</script>?"


def test_preview_has_no_canonical_or_json_ld(superuser_client):
    draft = full_article(live=False)
    html = superuser_client.get(reverse("public:preview", args=[draft.pk])).content.decode()
    assert json_ld(html) == [] and 'rel="canonical"' not in html and 'content="noindex"' in html


def test_condition_and_category_pages_have_breadcrumb_lists(client, article):
    for url, names in [
        ("/conditions/stroke/", ["Home", "Conditions A–Z", "Stroke"]),
        ("/categories/bones/", ["Home", "Bones, Joints and Muscles"]),
    ]:
        [data] = json_ld(client.get(url).content.decode())
        assert data["@type"] == "BreadcrumbList"
        assert [item["name"] for item in data["itemListElement"]] == names


def test_robots_txt_disallows_admin_and_workspace(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /review/" in body and "Sitemap: " in body
    # Crawlers must fetch search pages to read their noindex; a Disallow would hide it.
    assert "/search/" not in body


def test_atom_feed_lists_recently_reviewed_articles(client, article, site_admin):
    from reviews.provenance.models import SignOff
    from reviews.workflow import services

    withdrawn = full_article(slug="gone", question="What causes gone?")
    services.withdraw(article=withdrawn, by=site_admin, reason="x")
    response = client.get("/feeds/reviewed/")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "What causes muscle atrophy?" in body and "Reviewed by Dr Rosa Reyes, MD, FACS" in body
    signed = SignOff.objects.get(revision=publication(article).revision).signed_at
    assert f"<updated>{signed.isoformat()}</updated>" in body  # the sign-off's time (test_feed.py)
    assert "What causes gone?" not in body


def test_a_control_character_in_reviewed_text_does_not_break_the_feed(client, editor, reviewer):
    article = full_article(slug="ctl", question="What causes\x0b odd text?", live=False)
    publish(article, editor=editor, reviewer=reviewer)
    response = client.get("/feeds/reviewed/")
    assert response.status_code == 200 and "What causes  odd text?" in response.content.decode()
