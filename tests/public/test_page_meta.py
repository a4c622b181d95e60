"""Every public page tells search engines and link previews what it is: one description,
one canonical address (without query), Open Graph and Twitter card tags with an image
and its alt text."""

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

SITE = "https://symptoms.example.org"
PAGES = [
    "/",
    "/symptoms/",
    "/conditions/",
    "/navigator/",
    "/navigator/?s=muscle-weakness",
    "/symptoms/muscle-atrophy/",
    "/conditions/stroke/",
    "/categories/bones-joints-muscles/",
    "/reviewers/rosa-reyes/",
]


def meta(html, attribute, name):
    return re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)


@pytest.mark.usefixtures("shared_demo")  # the tests only read: the demo is loaded once
class TestOnTheDemo:
    @override_settings(SITE_URL=SITE)
    @pytest.mark.parametrize("url", PAGES)
    def test_each_public_page_has_description_canonical_and_preview_tags(self, client, url):
        html = client.get(url).content.decode()
        path = url.split("?")[0]
        assert re.findall(r'<link rel="canonical" href="([^"]*)">', html) == [SITE + path]
        (description,) = meta(html, "name", "description")
        assert 20 <= len(description) <= 200
        assert meta(html, "property", "og:url") == [SITE + path]
        assert meta(html, "property", "og:title") and meta(html, "property", "og:description") == [description]
        (image,) = meta(html, "property", "og:image")
        assert image.startswith(SITE + "/static/") and image.endswith(".png")
        assert meta(html, "property", "og:image:alt") and meta(html, "name", "twitter:card") == ["summary_large_image"]

    def test_pages_readers_do_not_land_on_from_search_say_noindex(self, client):
        for url in ["/search/?q=dizzy", "/symptoms/muscle-atrophy/report/"]:
            html = client.get(url).content.decode()
            assert '<meta name="robots" content="noindex">' in html and 'rel="canonical"' not in html
