"""Each article page carries the content hash of its signed-off revision and the site's
signature, in its head for machines and in a visible line for readers."""

import pytest

from reviews.models import Publication
from tests.factories import full_article, publish
from tests.html_checker import vnu_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, editor, reviewer):
    def get(slug="cramps"):
        publish(full_article(slug=slug, live=False), editor=editor, reviewer=reviewer)
        response = client.get(f"/symptoms/{slug}/")
        assert response.status_code == 200
        return Publication.objects.get(slug=slug), response.content.decode()

    return get


def test_the_page_carries_the_hash_and_signature_of_what_was_signed_off(signing_key, page):
    publication, html = page()
    head = html.split("</head>")[0]
    assert f'<meta name="symptomsite:content-sha256" content="{publication.content_hash}">' in head
    assert f'<meta name="symptomsite:signature" content="{publication.signature}">' in head
    assert f'<meta name="symptomsite:signature-key-id" content="{publication.signing_key_id}">' in head
    assert '<link rel="alternate" type="application/json" href="/api/v1/articles/cramps"' in head
    body = html.split("</head>")[1]
    assert f"<code>{publication.content_hash}</code>" in body and f"<code>{publication.signing_key_id}</code>" in body
    assert 'href="/api/v1/articles/cramps">Download it as signed off</a>' in body


def test_an_unsigned_page_says_so(page):
    publication, html = page()
    assert "symptomsite:signature" not in html
    assert f"<code>{publication.content_hash}</code>; it is not signed" in html


@pytest.mark.slow  # the HTML checker
def test_the_page_with_its_provenance_is_valid_html(signing_key, page, tmp_path):
    _, html = page()
    path = tmp_path / "article.html"
    path.write_text(html)
    assert vnu_problems({str(path): "article"}) == []
