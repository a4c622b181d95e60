"""Readers report problems on their own form page; reviewers resolve them."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from reviews.models import ProblemReport
from reviews.workflow import services
from tests.factories import editor_user, full_article, live_revision
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def article():
    return full_article(slug="cramps")


def report(client, **data):
    return client.post(reverse("public:report", args=["cramps"]), {"message": "The dose is wrong.", **data})


def test_article_page_links_to_the_report_form_and_stays_stateless(client, article):
    response = client.get("/symptoms/cramps/")
    assert reverse("public:report", args=["cramps"]) in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode() and "Set-Cookie" not in response.headers


def test_reader_reports_a_problem_against_the_revision_they_read(client, article, editor, reviewer):
    form_page = client.get(reverse("public:report", args=["cramps"]))
    assert form_page.status_code == 200 and "csrfmiddlewaretoken" in form_page.content.decode()
    response = report(client, email="reader@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("public:report_thanks", args=["cramps"])
    saved = ProblemReport.objects.get()
    assert (saved.article, saved.revision, saved.email) == (article, live_revision(article), "reader@example.org")
    # Later revisions do not move it: it records what the reader saw.
    article.lead = "New lead"
    article.save()
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="x"), reviewer=reviewer)
    assert ProblemReport.objects.get().revision.number == 1
    assert "Thank you for your report" in client.get(response["Location"]).content.decode()


def test_report_form_is_csrf_protected(article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("public:report", args=["cramps"]), {"message": "x"}).status_code == 403


def test_invalid_reports_show_the_form_again(client, article):
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # valid syntax, over 254 characters
    for data in [{"message": ""}, {"message": "x" * 2001}, {"email": "not-an-email"}, {"email": long_email}]:
        response = report(client, **data)
        assert response.status_code == 400
        assert "invalid-feedback" in response.content.decode() or "errorlist" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_honeypot_thanks_bots_but_saves_nothing(client, article):
    response = report(client, website="https://spam.example")
    assert response.status_code == 302
    assert not ProblemReport.objects.exists()


def test_rate_limit_per_address(client, article, settings):
    settings.REPORT_RATE_LIMIT = 2
    assert report(client).status_code == 302
    assert report(client).status_code == 302
    response = report(client)
    assert response.status_code == 429 and "try again later" in response.content.decode()
    assert ProblemReport.objects.count() == 2
    other = client.post(reverse("public:report", args=["cramps"]), {"message": "x"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_no_reports_on_withdrawn_or_unknown_pages(client, article, site_admin):
    assert client.get(reverse("public:report", args=["nope"])).status_code == 404
    services.withdraw(article=article, by=site_admin, reason="x")
    assert client.get(reverse("public:report", args=["cramps"])).status_code == 404


def test_reports_appear_in_the_workspace_and_reviewers_resolve_them(client, reviewer_client, article):
    report(client)
    saved = ProblemReport.objects.get()
    dashboard = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    assert "The dose is wrong." in dashboard
    page = reviewer_client.get(reverse("reviews:article", args=[article.pk])).content.decode()
    assert "The dose is wrong." in page and "Mark resolved" in page

    url = reverse("reviews:resolve_report", args=[saved.pk])
    reviewer_client.post(url, {"note": ""})
    assert ProblemReport.objects.open().count() == 1
    reviewer_client.post(url, {"note": "Checked against the source; dose is right."})
    saved.refresh_from_db()
    assert saved.resolved_at and saved.resolution_note.startswith("Checked")
    assert "The dose is wrong." not in reviewer_client.get(reverse("reviews:dashboard")).content.decode()


def test_editors_cannot_resolve_and_anonymous_must_log_in(client, article):
    report(client)
    url = reverse("reviews:resolve_report", args=[ProblemReport.objects.get().pk])
    assert client.post(url, {"note": "x"}).status_code == 302
    login(client, editor_user("ed2"))
    assert client.post(url, {"note": "x"}).status_code == 403
    assert client.get(url).status_code == 405


def test_behind_a_proxy_the_limit_uses_the_address_the_proxy_added(client, article, settings):
    settings.BEHIND_PROXY, settings.TRUSTED_PROXIES = True, 1
    settings.REPORT_RATE_LIMIT = 1
    url = reverse("public:report", args=["cramps"])
    first = client.post(url, {"message": "x"}, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    spoofed = client.post(url, {"message": "x"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert first.status_code == 302 and spoofed.status_code == 429
