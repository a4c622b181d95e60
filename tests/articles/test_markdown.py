import re

import pytest
from django.urls import reverse

from articles.markdown import render_markdown
from tests.factories import ArticleFactory, SectionFactory, publish

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="x()">hi</p>',
    "<svg onload=alert(1)>",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_neutralised(source):
    html = render_markdown(source).lower()
    # A neutralised link may stay as inert text; it must never be an attribute or tag.
    for bad in (
        "<script",
        "onerror=",
        "onload=",
        "onclick=",
        'href="javascript',
        "<iframe",
        "style=",
        'href="data',
        "<svg",
    ):
        assert bad not in html


def test_ordinary_markdown_renders():
    html = render_markdown("Some *emphasis*, a [link](https://nhs.uk/) and\n\n- a\n- list\n\n## Heading")
    assert "<em>emphasis</em>" in html
    assert 'href="https://nhs.uk/"' in html
    assert "<li>a</li>" in html
    assert "<h4>Heading</h4>" in html  # demoted below the article's h1 and h2


@pytest.mark.django_db
def test_hostile_section_body_never_reaches_a_reader(client):
    article = ArticleFactory(slug="x")
    SectionFactory(article=article, order=1, body="\n\n".join(HOSTILE))
    publish(article)
    page = client.get(reverse("public:detail", args=["x"])).content.decode().lower()
    # The page's own JSON-LD is the only script allowed (it carries no section body).
    page = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S)
    assert "alert(1)" not in page.replace("[click](javascript:alert(1))", "")
    assert "<script" not in page
    assert "onerror" not in page
