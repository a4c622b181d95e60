"""No dead ends: every refusal is a page in the site's style that says why and where the
user can work instead; the workspace and the admin offer only what a role can do; the
admin carries the site's brand, a way into the workspace and the favicon.

The URLs come from the permission matrix (tests/test_permission_matrix.py): whatever a
persona is refused there must be this page."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from reviews.workflow import services
from symptomsite.errors import permission_denied
from tests.factories import full_article, publication
from tests.helpers import edit, login
from tests.test_permission_matrix import ADMIN_MODELS, site_urls, world  # noqa: F401  (world is a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

STAFF_PERSONAS = ["editor", "reviewer", "clinician", "site_admin", "superuser"]


def refusal(response) -> str:
    """The page of a refusal, checked for what every refusal must have."""
    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="site-header"' in page  # the public site's header, not a bare page
    assert "403 Forbidden" not in page and "<h1>Forbidden" not in page
    reason = re.search(r'<p class="lead">(.+?)</p>', page, re.S)
    assert reason and reason.group(1).strip(), "no reason given"
    assert re.search(r'href="/(admin|review|account/login)/', page), "no way on"
    return page


def matrix_urls(ids) -> list[str]:
    urls = [url for url, _ in site_urls(ids)]
    for path in ADMIN_MODELS:
        base, _, _ = path.rpartition("/")
        obj = path.format(**ids)
        urls += [f"/admin/{base}/", f"/admin/{base}/add/", f"/admin/{obj}/change/", f"/admin/{obj}/delete/"]
    return urls


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_every_refusal_in_the_matrix_is_the_styled_page(client, world, persona):  # noqa: F811
    login(client, world["users"][persona])
    refused = []
    for url in matrix_urls(world["ids"]):
        response = client.get(url)
        if response.status_code == 403:
            refusal(response)
            refused.append(url)
    assert refused, f"{persona} is refused nothing: the test checks nothing"


def test_an_editor_is_told_the_workspace_is_for_reviewers_and_sent_to_the_admin(client, world):  # noqa: F811
    login(client, world["users"]["editor"])
    for url in ["/review/", f"/review/articles/{world['ids']['article']}/"]:
        page = refusal(client.get(url))
        assert "The review workspace is for medical reviewers and site admins." in page
        assert "(editor)" in page
        assert 'href="/admin/"' in page and 'href="/review/"' not in page


def test_each_refused_action_says_who_may_do_it(client, world):  # noqa: F811
    users, ids = world["users"], world["ids"]
    a, r = ids["article"], ids["revision"]
    cases = [
        ("editor", f"/review/revisions/{r}/decide/", "Only medical reviewers can approve a revision"),
        ("editor", f"/review/reports/{ids['report']}/resolve/", "Only medical reviewers and site admins"),
        ("site_admin", f"/review/revisions/{r}/decide/", "Only medical reviewers can approve a revision"),
        ("site_admin", f"/review/articles/{a}/confirm/", "Only medical reviewers"),
        ("reviewer", f"/review/articles/{a}/withdraw/", "Only site admins can withdraw articles."),
        # A superuser holds every permission but has no reviewer profile: the service says so.
        ("superuser", f"/review/articles/{a}/confirm/", "You need an active reviewer profile"),
    ]
    for persona, url, reason in cases:
        login(client, users[persona])
        page = refusal(client.post(url, {"decision": "approve", "comment": "x", "note": "x", "reason": "x"}))
        assert reason in page, (persona, url)


def test_a_reviewer_refused_in_the_admin_is_sent_to_the_workspace(client, world):  # noqa: F811
    login(client, world["users"]["reviewer"])
    page = refusal(client.get(reverse("admin:articles_article_submit", args=[world["ids"]["article"]])))
    assert "does not have the rights" in page  # the admin's own refusals give no reason
    assert "(medical reviewer)" in page and "ask a site admin" in page
    assert 'href="/review/"' in page and 'href="/admin/"' in page  # reviewers read content in the admin


def test_more_rights_come_from_above(client, world):  # noqa: F811
    login(client, world["users"]["site_admin"])
    page = refusal(client.get("/admin/reviews/publication/"))
    assert "(site admin)" in page and "ask a superuser" in page
    login(client, world["users"]["superuser"])
    page = refusal(client.get("/admin/reviews/revision/add/"))
    assert "(superuser)" in page and "ask a" not in page  # nobody may do what a superuser may not
    assert "Nobody can do this here" in page


def test_a_reviewer_who_must_keep_a_second_factor_is_told_why(client, world):  # noqa: F811
    login(client, world["users"]["reviewer"])
    page = refusal(client.get("/account/two_factor/disable/"))
    assert "must keep a second factor" in page


def test_anonymous_refusal_offers_to_log_in_and_come_back():
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("Only site admins can withdraw articles."))
    page = refusal(response)
    assert "Only site admins can withdraw articles." in page
    assert 'href="/account/login/?next=%2Fsomewhere%2F%3Fx%3D1"' in page


def test_a_refusal_without_a_reason_still_says_what_happened():
    request = RequestFactory().post("/somewhere/")
    request.user = AnonymousUser()
    page = refusal(permission_denied(request, PermissionDenied()))
    assert "needs an account with the rights for it" in page
    assert 'href="/account/login/"' in page  # no "next" back to a POST-only address


# What the workspace offers.


@pytest.fixture
def live_article(db):
    return full_article(slug="live")


def confirm_form(article) -> str:
    return f'action="{reverse("reviews:confirm", args=[article.pk])}"'


@pytest.mark.parametrize(
    ("persona", "confirms", "withdraws"),
    [("reviewer", True, False), ("site_admin", False, True), ("superuser", False, True)],
)
def test_the_article_page_offers_only_what_the_role_can_do(
    client, persona, confirms, withdraws, live_article, reviewer, site_admin, superuser
):
    login(client, {"reviewer": reviewer, "site_admin": site_admin, "superuser": superuser}[persona])
    page = client.get(reverse("reviews:article", args=[live_article.pk])).content.decode()
    assert (confirm_form(live_article) in page) is confirms
    assert ("Confirm still accurate" in page) is confirms
    assert (reverse("reviews:withdraw", args=[live_article.pk]) in page) is withdraws
    if not confirms:
        assert "A medical reviewer with an active reviewer profile confirms" in page


def test_a_site_admin_is_not_offered_a_decision(client, site_admin, editor, live_article):
    edit(live_article, editor, lead="A waiting change.")
    revision = services.submit_for_review(article=live_article, by=editor, summary="x")
    login(client, site_admin)
    page = client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert reverse("reviews:decide", args=[revision.pk]) not in page
    assert "Only medical reviewers record decisions." in page


# The admin: brand, favicon and the way into the workspace.


@pytest.mark.parametrize(("persona", "sees_link"), [("editor", False), ("reviewer", True), ("site_admin", True)])
def test_the_admin_links_to_the_workspace_for_those_who_use_it(client, persona, sees_link, request):
    login(client, request.getfixturevalue(persona))
    page = client.get(reverse("admin:index")).content.decode()
    assert ('href="/review/"' in page) is sees_link
    assert ('id="review-workspace-module"' in page) is sees_link
    assert "admin_extra/symptomsite-admin.css" in page
    assert 'rel="icon" href="/static/favicon.svg"' in page
    assert "SymptomSite editorial" in page


def test_the_admin_writes_dates_as_the_public_site_does(superuser_client):
    article = full_article(slug="dated")
    page = superuser_client.get(reverse("admin:articles_article_changelist")).content.decode()
    reviewed = publication(article).last_reviewed
    assert reviewed.strftime("%B %-d, %Y") in page  # "November 25, 2026", as on the public page


def test_the_workspace_writes_dates_as_the_public_site_does(reviewer_client):
    article = full_article(slug="dated")
    page = reviewer_client.get(reverse("reviews:article", args=[article.pk])).content.decode()
    assert f"Last reviewed {timezone.localdate().strftime('%B %-d, %Y')}" in page


def test_favicon_is_linked_everywhere_and_served(client, reviewer_client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in reviewer_client.get("/review/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.svg"
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")


def test_a_refused_form_gets_the_sites_page_saying_what_to_do(editor):
    from django.test import Client

    from tests.helpers import login

    client = login(Client(enforce_csrf_checks=True), editor)
    response = client.post(reverse("admin:articles_article_add"), {"title": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Nothing was saved" in page and "CSRF verification failed" not in page
