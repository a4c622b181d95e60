"""Every public page shows the right (signed-off) content, hides drafts, keeps no per-reader state."""

import re

import pytest
from django.urls import reverse

from articles.models import Urgency
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    ReferenceFactory,
    SectionFactory,
    full_article,
    give_sign,
    publication,
    publish,
)

pytestmark = pytest.mark.django_db


def test_home_lists_categories_and_recently_reviewed_articles(client):
    article = full_article(question="What causes muscle atrophy?", live=False)
    article.categories.add(CategoryFactory(name="Bones, Joints and Muscles"))
    publish(article)
    CategoryFactory(name="Empty category")
    full_article(live=False, question="What causes a secret?")

    page = client.get(reverse("public:home")).content.decode()

    assert "Bones, Joints and Muscles" in page
    assert "Empty category" not in page
    assert "What causes muscle atrophy?" in page
    assert "What causes a secret?" not in page
    assert reverse("public:index") in page


def test_a_to_z_groups_by_letter_with_navigation(client):
    ArticleFactory(title="Muscle atrophy", live=True)
    ArticleFactory(title="Fatigue", live=True)
    ArticleFactory(title="Dizziness")

    page = client.get(reverse("public:index")).content.decode()

    assert '<a href="#letter-M">M</a>' in page
    assert '<a href="#letter-F">F</a>' in page
    assert '<a href="#letter-D">' not in page
    assert page.index("Fatigue") < page.index("Muscle atrophy")
    assert "Dizziness" not in page


def test_article_page_is_laid_out_like_the_reference_page(client):
    overview = ArticleFactory(
        question="What is muscle atrophy?", lead="Muscle atrophy is the wasting of muscle.", live=True
    )
    weakness = ArticleFactory(title="Muscle weakness", slug="muscle-weakness", live=True)
    article = full_article(slug="muscle-atrophy", question="What causes muscle atrophy?", overview=overview, live=False)
    article.categories.add(CategoryFactory(name="Bones, Joints and Muscles"))
    related = SectionFactory(article=article, order=3, heading="What other symptoms might occur?", body="")
    neuro = EntryGroupFactory(section=related, order=0, heading="Neuromuscular symptoms")
    EntryFactory(group=neuro, order=0, condition=None, related_article=weakness)
    publish(article)

    response = client.get(reverse("public:detail", args=["muscle-atrophy"]))
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert '<h1 id="article-title">What causes muscle atrophy?</h1>' in page
    assert 'aria-label="On this page"' in page
    assert 'class="skip-link" href="#main"' in page
    assert "group group--emergency" in page and "Call 999 now." in page
    assert "Stroke</a> (a plain-language gloss)" in page
    assert "When?" in page
    assert '<li id="ref-1">' in page and "https://medlineplus.gov/ency/article/003188.htm" in page
    assert "What is muscle atrophy?" in page and "Read more" in page
    assert 'href="/symptoms/muscle-weakness/">Muscle weakness</a>' in page
    assert "This article is filed under" in page and "Bones, Joints and Muscles" in page
    assert f"© {publication(article).last_reviewed.year} SymptomSite contributors" in page
    assert "Medically reviewed by" in page


def test_links_to_articles_that_are_not_live_are_plain_text(client):
    draft = ArticleFactory(title="Draft symptom")
    article = ArticleFactory(slug="a", overview=draft)
    group = EntryGroupFactory(section=SectionFactory(article=article))
    EntryFactory(group=group, condition=None, related_article=draft)
    publish(article)

    page = client.get(reverse("public:detail", args=["a"])).content.decode()

    assert "Draft symptom" in page
    assert f"/symptoms/{draft.slug}/" not in page


def test_drafts_and_unknown_slugs_get_the_friendly_404(client):
    ArticleFactory(slug="draft")
    for url in ["/symptoms/draft/", "/symptoms/nope/", "/conditions/nope/", "/categories/nope/", "/no/such/page/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "We could not find that page" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/symptoms/", "/symptoms/a/"])
def test_public_pages_refuse_post(client, url):
    ArticleFactory(slug="a", live=True)
    assert client.post(url).status_code == 405


def test_public_pages_keep_no_per_reader_state(client):
    article = full_article(slug="stateless")
    condition = article.sections.first().groups.first().entries.first().condition
    for url in ["/", "/symptoms/", "/symptoms/stateless/", f"/conditions/{condition.slug}/", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_category_page_lists_its_live_articles_under_the_reviewed_name(client):
    category = CategoryFactory(slug="bones", name="Bones, Joints and Muscles", description="Internal note.")
    live = ArticleFactory(question="What causes joint pain?")
    live.categories.add(category)
    publish(live)
    ArticleFactory(question="What causes a draft?").categories.add(category)
    category.name = "Unreviewed new name"
    category.save()

    page = client.get(reverse("public:category", args=["bones"])).content.decode()

    assert "Bones, Joints and Muscles" in page and "Unreviewed new name" not in page
    assert "Internal note." not in page
    assert "What causes joint pain?" in page
    assert "What causes a draft?" not in page
    assert "Unreviewed new name" not in client.get("/").content.decode()


def test_category_without_live_articles_is_not_found(client):
    CategoryFactory(slug="empty", description="Not public yet.")
    ArticleFactory().categories.add(CategoryFactory(slug="drafts-only"))
    assert client.get("/categories/empty/").status_code == 404
    assert client.get("/categories/drafts-only/").status_code == 404


def test_condition_page_shows_gloss_and_every_live_article_listing_it(client):
    gbs = ConditionFactory(name="Guillain-Barre syndrome", slug="gbs", gloss="nerve damage after an infection")
    article = ArticleFactory(question="What causes muscle atrophy?")
    section = SectionFactory(article=article, order=1)
    EntryFactory(
        group=EntryGroupFactory(section=section, order=1, heading="Neurogenic causes"), condition=gbs, likelihood="rare"
    )
    EntryFactory(
        group=EntryGroupFactory(section=section, order=2, heading="Serious causes", urgency=Urgency.EMERGENCY),
        condition=gbs,
    )
    give_sign(article, 1, "emergency", "weakness spreads up your legs")
    gbs.synonyms = "GBS\nAcute inflammatory polyneuropathy"
    gbs.icd10 = "G61.0"
    gbs.save()
    publish(article)
    draft = ArticleFactory(question="What causes a draft?")
    EntryFactory(group=EntryGroupFactory(section=SectionFactory(article=draft)), condition=gbs)

    page = client.get(reverse("public:condition", args=["gbs"])).content.decode()

    assert "Nerve damage after an infection." in page
    assert "Also called: GBS, Acute inflammatory polyneuropathy" in page and "ICD-10 G61.0" in page
    assert "What causes muscle atrophy?" in page
    assert "“Neurogenic causes” (rare)" in page and "“Serious causes” <strong" in page
    assert page.index("Guillain-Barre syndrome can be an emergency") < page.index("Symptoms it can cause")
    assert "Call 911 at once for the warning signs" in page and "#when-to-get-help" in page
    assert "weakness spreads up your legs" not in page  # the article's signs, linked to, not gathered
    assert "What causes a draft?" not in page


def test_condition_listed_only_in_drafts_is_not_found(client):
    ConditionFactory(slug="lonely")
    EntryFactory(group=EntryGroupFactory(section=SectionFactory(article=ArticleFactory())), condition__slug="lonely")
    assert client.get("/conditions/lonely/").status_code == 404


def build_article(entries):
    article = ArticleFactory(slug="big")
    section = SectionFactory(article=article, order=1)
    for g in range(entries // 10):
        group = EntryGroupFactory(section=section, order=g)
        for e in range(10):
            EntryFactory(group=group, order=e)
    EntryFactory(group=group, order=10, condition=None, related_article=ArticleFactory(live=True))
    publish(article)
    return article


@pytest.mark.parametrize("entries", [10, 200])
def test_article_page_query_count_does_not_depend_on_its_size(client, django_assert_num_queries, entries):
    build_article(entries)
    # First reader: the live page's validators, then its whole row, the revision snapshot,
    # which linked articles are live.
    with django_assert_num_queries(4):
        first = client.get("/symptoms/big/")
    # Everyone after: nothing from the database; the row is kept in the process until the
    # publication generation moves, the rendering under the row's validators.
    with django_assert_num_queries(0):
        again = client.get("/symptoms/big/")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content


def test_cached_page_changes_with_a_new_sign_off_and_with_link_liveness(
    client, editor, reviewer, site_admin, django_capture_on_commit_callbacks
):
    from reviews.workflow import services

    linked = ArticleFactory(title="Linked symptom", slug="linked", live=True)
    article = ArticleFactory(slug="cached", lead="First lead.")
    EntryFactory(
        group=EntryGroupFactory(section=SectionFactory(article=article)), condition=None, related_article=linked
    )
    publish(article, editor=editor, reviewer=reviewer)
    assert 'href="/symptoms/linked/"' in client.get("/symptoms/cached/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the bump runs after commit
        services.withdraw(article=linked, by=site_admin, reason="check")
    assert 'href="/symptoms/linked/"' not in client.get("/symptoms/cached/").content.decode()

    article.lead = "Second lead."
    article.save()
    assert "First lead." in client.get("/symptoms/cached/").content.decode()  # not signed off yet
    publish(article, editor=editor, reviewer=reviewer)
    assert "Second lead." in client.get("/symptoms/cached/").content.decode()


def whole_sitemap(client) -> str:
    """Every section page the sitemap index names, one after the other."""
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+-\d+\.xml)</loc>", index)
    assert sections
    return "".join(client.get(path).content.decode() for path in sections)


def test_sitemap_lists_live_pages_with_review_dates(client):
    article = full_article(slug="in-sitemap")
    ArticleFactory(slug="not-in-sitemap")
    body = whole_sitemap(client)
    assert "/symptoms/in-sitemap/" in body
    assert f"<lastmod>{publication(article).last_reviewed.isoformat()}</lastmod>" in body
    assert "/conditions/stroke/" in body
    assert "not-in-sitemap" not in body
    # Every page a reader can land on from a search engine: home, A–Z, navigator, reviewers.
    for path in ["/</loc>", "/symptoms/</loc>", "/conditions/</loc>", "/navigator/</loc>"]:
        assert path in body, path
    assert f"/reviewers/{publication(article).reviewer_slug}/</loc>" in body


def test_renaming_a_category_slug_in_the_working_copy_changes_nothing_public(client):
    category = CategoryFactory(slug="bones", name="Bones")
    article = ArticleFactory(question="What causes joint pain?")
    article.categories.add(category)
    publish(article)
    category.slug = "bones-and-joints"
    category.save()
    assert client.get("/categories/bones/").status_code == 200
    assert client.get("/categories/bones-and-joints/").status_code == 404
    assert "/categories/bones/" in whole_sitemap(client)


def test_copy_reads_right_notes_punctuation_and_one_date_format(client):
    article = ArticleFactory(slug="carpal", question="What causes hand numbness?")
    carpal = ConditionFactory(name="Carpal tunnel syndrome", slug="carpal-tunnel", gloss="pressure on a wrist nerve")
    EntryFactory(
        group=EntryGroupFactory(section=SectionFactory(article=article)),
        condition=carpal,
        note="weakness of grip and the thumb",
        likelihood="common",
    )
    ReferenceFactory(article=article, title="What is ALS?", publisher="The ALS Association", accessed=None)
    publish(article)
    page = client.get("/symptoms/carpal/").content.decode()
    assert "(pressure on a wrist nerve) — weakness of grip and the thumb" in page
    assert "What is ALS? The ALS Association." in page and "ALS?." not in page
    reviewed = publication(article).last_reviewed
    assert reviewed.strftime("%B %-d, %Y") in page  # one format: "November 25, 2026"
    assert '<html lang="en-US">' in page
    feed = client.get("/feeds/reviewed/").content.decode()
    assert "<feed" in feed and 'xml:lang="en-us"' in feed


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)",
     "data:text/html,<script>alert(1)</script>", "vbscript:alert(1)", "https:alert(1)"],
)  # fmt: skip
def test_a_reference_address_that_is_not_http_is_never_a_link(client, editor, reviewer, url):
    """The admin form takes only http(s) addresses, but a reference written another way
    (an import, SQL) reaches the page as signed: shown as text, never as a link."""
    article = full_article(slug="cramps", live=False)
    ReferenceFactory(article=article, order=2, title="Hostile", url=url)
    publish(article, editor=editor, reviewer=reviewer)
    page = client.get("/symptoms/cramps/").content.decode()
    links = re.findall(r'<a [^>]*href="([^"]*)"', page)
    assert "https://medlineplus.gov/ency/article/003188.htm" in links
    assert not [link for link in links if "alert" in link or "script" in link.lower()]
    assert "alert(1)" in page  # the reference is still listed, as text
