"""HTTP done right on public pages (public/http.py, symptomsite/compression.py,
symptomsite/middleware.py CachePolicyMiddleware, the static storage in settings)."""

import datetime
import gzip
import re
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from public import publication_rows
from public.http import Validators
from reviews.models import PublicationClock
from reviews.workflow import services
from symptomsite.compression import negotiate
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    full_article,
    publish,
)

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 3600


def backdate_clock(seconds=3600):
    """Last-Modified is sent once it is at least a second old; tests run faster than that."""
    PublicationClock.objects.filter(pk=1).update(changed_at=timezone.now() - datetime.timedelta(seconds=seconds))


@pytest.fixture
def linked_articles(reviewer):
    """A live article linking to another live one, filed under a category, listing a
    condition (stroke), signed off by ``reviewer``."""
    linked = ArticleFactory(title="Linked symptom", slug="linked", live=True)
    article = full_article(slug="muscle-atrophy", live=False)
    article.categories.add(CategoryFactory(slug="muscles", name="Muscles"))
    EntryFactory(
        group=EntryGroupFactory(section=SectionFactory(article=article, order=5)),
        condition=None,
        related_article=linked,
    )
    publish(article, reviewer=reviewer)
    backdate_clock()
    return {"article": article, "linked": linked}


PUBLIC_PAGES = [
    "/",
    "/symptoms/",
    "/symptoms/muscle-atrophy/",
    "/conditions/",
    "/conditions/stroke/",
    "/conditions/a-z/s/",
    "/categories/muscles/",
    "/reviewers/reviewer/",
    "/feeds/reviewed/",
    "/sitemap.xml",
    "/sitemap-articles-1.xml",
    "/robots.txt",
]


def cache_control(response) -> dict[str, str]:
    parts = [part.strip() for part in response["Cache-Control"].split(",")]
    return dict(part.split("=", 1) if "=" in part else (part, "") for part in parts)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_may_be_kept_by_browsers_briefly_and_shared_caches_longer(client, linked_articles, url):
    response = client.get(url)
    assert response.status_code == 200
    control = cache_control(response)
    assert "public" in control and "private" not in control and "no-store" not in control
    assert int(control["max-age"]) == settings.HTTP_MAX_AGE < int(control["s-maxage"]) == settings.HTTP_SHARED_MAX_AGE
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])  # strong
    assert "Set-Cookie" not in response.headers and "cookie" not in response.get("Vary", "").lower()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_matching_if_none_match_is_answered_304_after_one_query(
    client, linked_articles, url, django_assert_num_queries
):
    etag = client.get(url)["ETag"]
    # robots.txt is made of settings only; the article's row is kept in the process until
    # the publication generation moves (public/publication_rows.py).
    with django_assert_num_queries(0 if url in ("/robots.txt", "/symptoms/muscle-atrophy/") else 1):
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag  # RFC 9110: the 304 carries the validators and caching headers
    assert "public" in cache_control(response)


def test_the_article_304_reads_the_live_page_row_only_never_the_snapshot(client, linked_articles):
    etag = client.get("/symptoms/muscle-atrophy/")["ETag"]
    publication_rows.forget()  # as in another process, which has not read the row yet
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/symptoms/muscle-atrophy/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert len(queries) == 1
    assert "reviews_publication" in queries[0]["sql"] and "reviews_revision" not in queries[0]["sql"]


def test_the_etag_moves_with_what_the_page_is_made_of(client, linked_articles, editor, site_admin):
    url = "/symptoms/muscle-atrophy/"
    first = client.get(url)["ETag"]
    assert client.get(url)["ETag"] == first  # stable while nothing changes
    services.withdraw(article=linked_articles["linked"], by=site_admin, reason="check")  # changes the page's links
    response = client.get(url, headers={"if-none-match": first})
    assert response.status_code == 200 and 'href="/symptoms/linked/"' not in response.content.decode()
    second = response["ETag"]
    assert second != first
    article = linked_articles["article"]
    article.lead = "A new lead."
    article.save()
    assert client.get(url, headers={"if-none-match": second}).status_code == 304  # unreviewed edits show nowhere
    publish(article, editor=editor)
    response = client.get(url, headers={"if-none-match": second})
    assert response.status_code == 200 and "A new lead." in response.content.decode()


def test_the_etag_and_last_modified_move_when_the_review_turns_overdue(client, settings):
    url = "/symptoms/old/"
    publish(full_article(slug="old", live=False), now=timezone.now() - datetime.timedelta(days=366))
    backdate_clock(seconds=2 * 86400)
    before = client.get(url)
    assert "annual review is overdue" not in before.content.decode()  # due yesterday, within the grace period
    settings.REVIEW_GRACE_DAYS = 0  # overdue from today
    response = client.get(url, headers={"if-none-match": before["ETag"]})
    assert response.status_code == 200 and "annual review is overdue" in response.content.decode()
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    assert response["Last-Modified"] == http_date(midnight.timestamp())


def test_last_modified_is_the_last_sign_off_or_withdrawal_and_if_modified_since_works(
    client, linked_articles, site_admin
):
    url = "/symptoms/muscle-atrophy/"
    response = client.get(url)
    changed_at = PublicationClock.objects.get().changed_at
    assert response["Last-Modified"] == http_date(changed_at.timestamp())
    since = {"if-modified-since": response["Last-Modified"]}
    assert client.get(url, headers=since).status_code == 304
    services.withdraw(article=linked_articles["linked"], by=site_admin, reason="check")
    backdate_clock(seconds=60)  # still later than what the reader has
    assert client.get(url, headers=since).status_code == 200


def test_last_modified_is_held_back_while_less_than_a_second_old(client, linked_articles):
    """Two changes within one second would carry the same date; a reader of the first
    must not be told 304 after the second. The ETag covers that second."""
    # A change stamped a second ahead: still "less than a second old" (whole seconds) when
    # the response is made, however long the first rendering takes; stamped at now, the
    # test failed whenever the rendering crossed into the next second.
    PublicationClock.objects.filter(pk=1).update(changed_at=timezone.now() + datetime.timedelta(seconds=1))
    response = client.get("/symptoms/muscle-atrophy/")
    assert "Last-Modified" not in response and response["ETag"]
    validators = Validators(etag='"x"', last_modified=timezone.now() - datetime.timedelta(seconds=2))
    assert validators.sendable_last_modified() is not None


@pytest.mark.parametrize("url", ["/feeds/reviewed/", "/sitemap.xml", "/sitemap-articles-1.xml"])
def test_feed_and_sitemap_answer_a_matching_if_modified_since_with_304(client, linked_articles, site_admin, url):
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    # A withdrawal changes both, though no entry's own date moves.
    services.withdraw(article=linked_articles["linked"], by=site_admin, reason="check")
    backdate_clock(seconds=60)
    response = client.get(url, headers={"if-modified-since": last_modified})
    assert response.status_code == 200 and "/symptoms/linked/" not in response.content.decode()


def test_a_withdrawn_page_has_validators_too(client, linked_articles, site_admin):
    services.withdraw(article=linked_articles["article"], by=site_admin, reason="check")
    response = client.get("/symptoms/muscle-atrophy/")
    assert response.status_code == 410 and response["ETag"]
    assert client.get("/symptoms/muscle-atrophy/", headers={"if-none-match": response["ETag"]}).status_code == 304


def test_a_reviewer_page_changes_with_the_profile_edited_without_a_sign_off(client, linked_articles, reviewer):
    etag = client.get("/reviewers/reviewer/")["ETag"]
    reviewer.reviewer_profile.bio = "Consultant in rehabilitation medicine."
    reviewer.reviewer_profile.save()
    response = client.get("/reviewers/reviewer/", headers={"if-none-match": etag})
    assert response.status_code == 200 and "rehabilitation" in response.content.decode()


# Compression


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("gzip;q=0, br;q=0", None),
    ],
)
def test_negotiate_takes_the_clients_preference_brotli_when_tied(header, coding):
    assert negotiate(header) == coding


@pytest.mark.parametrize(("coding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
@pytest.mark.parametrize("url", ["/symptoms/muscle-atrophy/", "/", "/sitemap.xml", "/feeds/reviewed/"])
def test_public_pages_are_compressed_with_a_strong_etag_per_coding(client, linked_articles, url, coding, decompress):
    plain = client.get(url)
    response = client.get(url, headers={"accept-encoding": coding})
    assert response["Content-Encoding"] == coding
    assert "Accept-Encoding" in response["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert decompress(response.content) == plain.content
    assert len(response.content) < len(plain.content) / 2
    assert int(response["Content-Length"]) == len(response.content)
    assert response["ETag"] == plain["ETag"][:-1] + f'-{coding}"'
    assert client.get(url, headers={"accept-encoding": coding}).content == response.content  # same bytes each time


def test_a_compressed_etag_is_answered_304_only_for_the_same_coding(client, linked_articles):
    url = "/symptoms/muscle-atrophy/"
    etag = client.get(url, headers={"accept-encoding": "br"})["ETag"]
    response = client.get(url, headers={"accept-encoding": "br", "if-none-match": etag})
    assert response.status_code == 304 and response["ETag"] == etag
    assert "Accept-Encoding" in response["Vary"]
    # Another coding is another representation: the reader's copy does not stand for it.
    assert client.get(url, headers={"accept-encoding": "gzip", "if-none-match": etag}).status_code == 200
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200
    plain = client.get(url)["ETag"]
    assert client.get(url, headers={"accept-encoding": "br", "if-none-match": plain}).status_code == 200
    assert client.get(url, headers={"if-none-match": f'"nothing", {plain}'}).status_code == 304


def test_the_report_form_carries_a_csrf_token_so_is_never_compressed_nor_shared(client, linked_articles):
    response = client.get("/symptoms/muscle-atrophy/report/", headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response
    assert cache_control(response).keys() >= {"private", "no-store"} and "public" not in cache_control(response)


@pytest.mark.parametrize("url", ["/review/", "/admin/", "/account/login/"])
def test_staff_pages_and_the_login_are_never_compressed_nor_shared(reviewer_client, url):
    response = reviewer_client.get(url, headers={"accept-encoding": "br, gzip"}, follow=True)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert cache_control(response).keys() >= {"private", "no-store"} and "public" not in cache_control(response)


def test_a_staff_preview_is_never_shared(reviewer_client, linked_articles):
    response = reviewer_client.get(
        f"/preview/articles/{linked_articles['article'].pk}/", headers={"accept-encoding": "br"}
    )
    assert response.status_code == 200
    assert "public" not in cache_control(response) and "private" in cache_control(response)


@pytest.mark.parametrize("url", ["/search/?q=stroke", "/navigator/", "/no/such/page/"])
def test_search_navigator_and_errors_stay_in_the_readers_browser(client, linked_articles, url):
    response = client.get(url, headers={"accept-encoding": "br"})
    assert cache_control(response) == {"private": "", "no-cache": ""}
    assert "ETag" not in response


# Static files after a real collectstatic


@pytest.fixture
def production_static(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    return collected_static


@pytest.mark.slow  # a real collectstatic
def test_collectstatic_with_debug_off_writes_hashed_names_with_gzip_and_brotli_copies(collected_static: Path):
    assert (collected_static / "staticfiles.json").exists()
    hashed = [p.name for p in (collected_static / "css").iterdir() if re.fullmatch(r"site\.[0-9a-f]{12}\.css", p.name)]
    assert len(hashed) == 1
    assert (collected_static / "css" / f"{hashed[0]}.gz").exists()
    assert (collected_static / "css" / f"{hashed[0]}.br").exists()


@pytest.mark.slow  # a real collectstatic
def test_pages_link_hashed_static_files_that_whitenoise_serves_for_a_year(client, linked_articles, production_static):
    page = client.get("/symptoms/muscle-atrophy/").content.decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page links the hashed stylesheet"
    response = client.get(css.group(1), headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200
    control = cache_control(response)
    assert int(control["max-age"]) >= YEAR and "immutable" in control and "public" in control
    assert response["Content-Encoding"] == "br"  # the .br file collectstatic wrote
    assert "Accept-Encoding" in response["Vary"]
    response.close()


def test_serving_with_debug_off_before_collectstatic_is_refused(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from symptomsite.checks import refuse_missing_static

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with pytest.raises(ImproperlyConfigured, match="collectstatic"):
        refuse_missing_static()
