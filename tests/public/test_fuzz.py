"""No reader input gives a 500: hypothesis sends every public URL odd slugs and odd query
parameters (a few thousand examples here; `make fuzz` sends many more)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

SLUGS = ["muscle-atrophy", "dizziness", "stroke", "bones-joints-muscles", "rosa-reyes", "back-pain"]
ROUTES = [
    "/",
    "/symptoms/",
    "/symptoms/{slug}/",
    "/symptoms/{slug}/report/",
    "/symptoms/{slug}/report/thanks/",
    "/categories/{slug}/",
    "/conditions/",
    "/conditions/{slug}/",
    "/reviewers/{slug}/",
    "/navigator/",
    "/search/",
    "/feeds/reviewed/",
    "/sitemap.xml",
    "/robots.txt",
]
PARAMS = ["q", "s", "page", "sort", "next", "format", "utm_source"]

odd_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300) | st.sampled_from(
    ["", " ", "0", "-1", "99999999999999999999", "%00", "'; DROP TABLE x;--", "<script>", "a" * 5000]
)
slugs = st.sampled_from(SLUGS) | st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True)
params = st.lists(st.tuples(st.sampled_from(PARAMS) | st.text(max_size=20), odd_text), max_size=6)


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


@given(route=st.sampled_from(ROUTES), slug=slugs, query=params)
def test_public_get_requests_never_fail(client, demo, route, slug, query):
    response = client.get(route.format(slug=slug), data=query_dict(query))
    assert response.status_code < 500, (route, slug, query)


@given(slug=st.sampled_from(SLUGS), message=odd_text, email=odd_text, website=odd_text)
def test_report_form_posts_never_fail(client, demo, slug, message, email, website):
    cache.clear()  # stay under the rate limit: this test is about input, not volume
    response = client.post(f"/symptoms/{slug}/report/", {"message": message, "email": email, "website": website})
    assert response.status_code < 500


def query_dict(pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data
