"""Staff pages that feel finished: signing in in the site's words, the admin home in
readable names, the dashboard honest about link checks, audit lines without "None", and
a first review read at full width."""

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviews.models import ReviewEvent
from reviews.operations.models import LinkCheck, LinkStatus
from tests.factories import PASSWORD, full_article, reviewer_user, waiting
from tests.helpers import login

pytestmark = pytest.mark.django_db
LOGIN = "/account/login/"


def test_the_password_step_has_labels_and_no_hidden_nameless_button(client):
    page = client.get(LOGIN).content.decode()
    assert 'type="submit" value="" hidden' not in page and '<input type="submit"' not in page
    assert '<label class="form-label" for="id_auth-username">Username</label>' in page
    assert ">Sign in</button>" in page and "Enter your credentials" not in page


def test_the_code_step_speaks_of_the_authenticator_app_not_a_token_generator(client):
    reviewer = reviewer_user("signing-in")
    TOTPDevice.objects.create(user=reviewer, name="default", confirmed=True)
    page = client.post(
        LOGIN, {"login_view-current_step": "auth", "auth-username": "signing-in", "auth-password": PASSWORD}
    ).content.decode()
    assert "Type your 6-digit code" in page and "authenticator app" in page
    assert '<label class="form-label" for="id_token-otp_token">6-digit code</label>' in page
    assert "token generator" not in page.lower() and "Token:" not in page


def test_the_admin_home_names_the_sign_in_apps_in_words(client, superuser):
    login(client, superuser)
    page = client.get("/admin/").content.decode()
    for name in ("Sign-in attempts and lockouts", "Second factor: authenticator apps", "Second factor: backup codes"):
        assert name in page
    for label in (">Axes<", ">OTP_TOTP<", ">OTP_STATIC<", ">Otp_Totp<"):
        assert label not in page


def test_the_dashboard_says_never_checked_until_a_link_check_has_run(reviewer_client):
    assert "have never been checked" in reviewer_client.get("/review/").content.decode()
    LinkCheck.objects.create(url="https://medlineplus.gov/", status=LinkStatus.OK, checked_at=timezone.now())
    page = reviewer_client.get("/review/").content.decode()
    assert "have never been checked" not in page and "The last link check," in page


def test_a_new_reviewer_profile_is_audited_without_none(db):
    reviewer_user("newcomer", display_name="Dr Nia Newcomer")
    line = ReviewEvent.objects.filter(comment__startswith="Reviewer profile").latest("seq").comment
    assert line == "Reviewer profile Dr Nia Newcomer, MD, FACS created." and "None" not in line


def test_a_first_review_is_read_at_full_width(reviewer_client, editor):
    first = waiting(full_article(slug="brand-new", live=False), editor=editor, lead="A first lead.")
    page = reviewer_client.get(f"/review/revisions/{first.pk}/").content.decode()
    assert '<div class="col-12">' in page.split('id="render-h"')[0].rsplit("<section", 2)[0]
    changed = waiting(full_article(slug="changed"), editor=editor, lead="A changed lead.")
    assert '<div class="col-xl-7">' in reviewer_client.get(f"/review/revisions/{changed.pk}/").content.decode()


def test_setting_up_a_second_factor_is_in_the_sites_words(client):
    login(client, reviewer_user("no-device-yet"), second_factor=False)
    page = client.get("/account/two_factor/setup/").content.decode()
    assert "Set up your second factor" in page and "authenticator app" in page
    assert "Enable Two-Factor Authentication" not in page and 'value="" hidden' not in page
    step = client.post("/account/two_factor/setup/", {"setup_view-current_step": "welcome"}).content.decode()
    assert (
        "Scan this code" in step and '<label class="form-label" for="id_generator-token">6-digit code</label>' in step
    )
    assert "token generator" not in step.lower()
