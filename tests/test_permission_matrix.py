"""Who gets what: every URL of the site and every admin model, for every kind of account.

Each row says which personas get the page; the others must be sent to log in
(anonymous) or refused (403), and nobody may ever get a 500.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviews.models import ProblemReport, Publication, ReviewerProfile, ReviewEvent, SignOff
from reviews.workflow import services
from tests.factories import UserFactory, clinician_user, editor_user, full_article, reviewer_user
from tests.helpers import edit, login

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PERSONAS = ["anonymous", "editor", "reviewer", "second_reviewer", "clinician", "site_admin", "superuser"]
STAFF = set(PERSONAS) - {"anonymous"}
REVIEWERS = {"reviewer", "second_reviewer", "clinician"}
WORKSPACE = REVIEWERS | {"site_admin", "superuser"}
EDITORS = {"editor", "clinician", "site_admin", "superuser"}
ADMINS = {"site_admin", "superuser"}
EVERYONE = set(PERSONAS)


@pytest.fixture
def world():
    editor = editor_user("editor")
    reviewer = reviewer_user("reviewer", display_name="Dr Rosa Reyes")
    users = {
        "editor": editor,
        "reviewer": reviewer,
        "second_reviewer": reviewer_user("reviewer2", display_name="Dr Sam Okafor"),
        "clinician": clinician_user("clinician"),
        "site_admin": UserFactory(username="siteadmin", groups=["Site admins"]),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    article = full_article(slug="cramps")
    publication = Publication.objects.get(article=article)
    report = services.file_report(publication=publication, message="The dose is wrong.", email="")
    edit(article, editor, lead="A waiting change.")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    condition = article.sections.first().groups.first().entries.first().condition
    category = article.categories.create(name="Nerves", slug="nerves")
    device = TOTPDevice.objects.create(user=users["superuser"], name="default", confirmed=True)
    return {
        "users": users,
        "ids": {
            "article": article.pk,
            "revision": revision.pk,
            "report": report.pk,
            "condition": condition.pk,
            "category": category.pk,
            "publication": publication.pk,
            "profile": ReviewerProfile.objects.get(user=reviewer).pk,
            "signoff": SignOff.objects.first().pk,
            "reviewevent": ReviewEvent.objects.first().pk,
            "user": editor.pk,
            "group": Group.objects.get(name="Editors").pk,
            "device": device.pk,
        },
    }


def site_urls(ids):
    """(url, personas who get a page, method)."""
    a, r = ids["article"], ids["revision"]
    rows = [
        (f"/{path}", EVERYONE)
        for path in [
            "",
            "symptoms/",
            "symptoms/cramps/",
            "symptoms/cramps/report/",
            "symptoms/cramps/report/thanks/",
            "conditions/",
            "conditions/stroke/",
            "reviewers/reviewer/",
            "navigator/",
            "navigator/?s=cramps",
            "search/?q=cramps",
            "feeds/reviewed/",
            "robots.txt",
            "sitemap.xml",
            "account/login/",
        ]
    ]
    rows += [
        ("/review/", WORKSPACE),
        (f"/review/revisions/{r}/", WORKSPACE),
        (f"/review/articles/{a}/", WORKSPACE),
        (f"/review/articles/{a}/withdraw/", ADMINS),
        (f"/preview/articles/{a}/", STAFF),
        (f"/preview/revisions/{r}/", WORKSPACE),
        ("/admin/", STAFF),
        ("/account/two_factor/", STAFF),
    ]
    return rows


POST_ONLY = [
    "/review/revisions/{revision}/decide/",
    "/review/articles/{article}/confirm/",
    "/review/reports/{report}/resolve/",
]

# Admin models: personas that may open (changelist, add, change, delete).
CONTENT = (EDITORS | REVIEWERS, EDITORS, EDITORS | REVIEWERS, EDITORS)
READ_ONLY_RECORDS = (STAFF, set(), STAFF, set())
# An article with a review record is withdrawn, never deleted, by anyone.
REVIEWED_ARTICLE = (EDITORS | REVIEWERS, EDITORS, EDITORS | REVIEWERS, set())
ADMIN_MODELS = {
    "articles/article/{article}": REVIEWED_ARTICLE,
    "articles/condition/{condition}": CONTENT,
    "articles/category/{category}": CONTENT,
    "reviews/revision/{revision}": READ_ONLY_RECORDS,
    "reviews/signoff/{signoff}": READ_ONLY_RECORDS,
    "reviews/reviewevent/{reviewevent}": READ_ONLY_RECORDS,
    "reviews/problemreport/{report}": READ_ONLY_RECORDS,
    "reviews/publication/{publication}": ({"superuser"}, set(), {"superuser"}, set()),
    "reviews/reviewerprofile/{profile}": (STAFF, {"superuser"}, STAFF, {"superuser"}),
    "auth/user/{user}": (ADMINS, ADMINS, ADMINS, ADMINS),
    "auth/group/{group}": (ADMINS, {"superuser"}, ADMINS, {"superuser"}),
    "otp_totp/totpdevice/{device}": ({"superuser"}, {"superuser"}, {"superuser"}, {"superuser"}),
}


def expected(persona, allowed, status):
    if status >= 500:
        return False
    if persona in allowed:
        return status == 200
    return status == (302 if persona == "anonymous" else 403) or (persona != "anonymous" and status == 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_intended(client, world, persona):
    user = world["users"].get(persona)
    if user is not None:
        login(client, user)
    ids = world["ids"]
    wrong = []
    for url, allowed in site_urls(ids):
        status = client.get(url).status_code
        if not expected(persona, allowed, status):
            wrong.append((url, status))
    for url in POST_ONLY:
        status = client.get(url.format(**ids)).status_code
        if status != 405:
            wrong.append((url, status))
    for path, (changelist, add, change, delete) in ADMIN_MODELS.items():
        base, _, _ = path.rpartition("/")
        obj = path.format(**ids)
        for url, allowed in [
            (f"/admin/{base}/", changelist),
            (f"/admin/{base}/add/", add),
            (f"/admin/{obj}/change/", change),
            (f"/admin/{obj}/delete/", delete),
            (f"/admin/{obj}/history/", change),
        ]:
            status = client.get(url).status_code
            if not expected(persona, allowed, status):
                wrong.append((url, status))
    assert wrong == [], f"{persona}: {wrong}"


def test_a_site_admin_sees_higher_accounts_read_only(client, world):
    login(client, world["users"]["site_admin"])
    page = client.get(f"/admin/auth/user/{world['users']['superuser'].pk}/change/").content.decode()
    assert 'name="email"' not in page and "Close" in page
    assert (
        client.get(reverse("admin:auth_user_password_change", args=[world["users"]["reviewer"].pk])).status_code == 403
    )


def test_no_problem_report_is_visible_to_anonymous(client, world):
    assert ProblemReport.objects.exists()
    assert client.get("/admin/reviews/problemreport/").status_code == 302
