"""Accounts fit for signing medical content (reviews/accounts/security.py): login throttling, a
second factor for those who sign off, identity asked again before a sign-off or
withdrawal, sessions that end, and landing pages that exist."""

import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviews.accounts.security import CONFIRMED_AT
from reviews.models import SignOff
from tests.factories import PASSWORD, full_article, waiting
from tests.helpers import login

pytestmark = pytest.mark.django_db
LOGIN = "/account/login/"
NEW = "another long passphrase 7"


def password_step(client, username, password=PASSWORD, next_url=""):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login_view-current_step": "auth", "auth-username": username, "auth-password": password})


def token_step(client, token, next_url=""):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login_view-current_step": "token", "token-otp_token": token})


def code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def device(reviewer):
    return TOTPDevice.objects.create(user=reviewer, name="default", confirmed=True)


def test_five_wrong_passwords_lock_the_account_at_that_address_even_for_the_right_one(client, reviewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(client, "reviewer", "wrong password")
    response = password_step(client, "reviewer")
    assert response.status_code == 429 and "Too many wrong attempts" in response.content.decode()
    assert SESSION_KEY not in client.session
    # The reviewer, elsewhere, still logs in: the guesser cannot lock them out.
    assert password_step(Client(REMOTE_ADDR="10.9.8.7"), "reviewer").status_code == 302


def test_failures_for_made_up_names_do_not_lock_out_colleagues_at_the_same_address(client, reviewer):
    """F10: five failures for made-up names locked everyone behind the same proxy."""
    for number in range(settings.AXES_FAILURE_LIMIT * 2):
        password_step(client, f"nobody{number}", "wrong password")
    assert password_step(Client(), "reviewer").status_code == 302


def test_many_failures_from_one_address_lock_that_address_only(client, reviewer, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for number in range(8):
        password_step(client, f"nobody{number}", "wrong password")
    assert password_step(Client(), "reviewer").status_code == 429
    assert password_step(Client(REMOTE_ADDR="10.9.8.7"), "reviewer").status_code == 302


def test_behind_the_proxy_a_forged_forwarded_for_locks_only_the_forger(reviewer, settings):
    """Behind nginx every request comes from the proxy's address; the client's is the one
    nginx appends to X-Forwarded-For, whatever the client wrote there before it."""
    settings.TRUSTED_PROXIES = 1
    victim, attacker = "203.0.113.5", "198.51.100.9"
    through_nginx = {"REMOTE_ADDR": "127.0.0.1"}
    forger = Client(**through_nginx, HTTP_X_FORWARDED_FOR=f"{victim}, {attacker}")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        password_step(forger, "reviewer", "wrong password")
    assert password_step(forger, "reviewer").status_code == 429
    assert password_step(Client(**through_nginx, HTTP_X_FORWARDED_FOR=victim), "reviewer").status_code == 302


def test_a_reviewer_without_a_second_factor_must_set_one_up(client, reviewer):
    response = password_step(client, "reviewer")
    assert response.status_code == 302
    for url in ["/review/", "/admin/", f"/preview/articles/{full_article(live=False).pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/two_factor/setup/"), url
    assert client.get("/account/two_factor/setup/").status_code == 200


def test_a_reviewer_logs_in_with_password_and_code(client, reviewer, device):
    assert password_step(client, "reviewer").status_code == 200  # the code step
    assert token_step(client, "000000").status_code == 200  # wrong: asked again
    assert SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # and the device slows further guesses down
    device.throttle_reset()
    response = token_step(client, code(device))
    assert response.status_code == 302 and response["Location"] == "/review/start/"
    assert client.get("/review/start/")["Location"] == "/review/"
    assert client.get("/review/").status_code == 200


def test_a_password_alone_is_not_enough_for_a_reviewer_with_a_device(client, reviewer, device):
    login(client, reviewer)
    session = client.session
    del session["otp_device_id"]  # e.g. a session from before the second factor
    session.save()
    response = client.get("/review/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_editors_may_work_without_a_second_factor_and_may_add_one(client, editor):
    response = password_step(client, "editor")
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/account/two_factor/setup/").status_code == 200


def test_those_who_must_keep_a_second_factor_cannot_disable_it(reviewer, editor):
    assert login(Client(), reviewer).get("/account/two_factor/disable/").status_code == 403
    editor_client = login(Client(), editor, second_factor=True)
    assert editor_client.get("/account/two_factor/disable/").status_code == 200


def test_a_rejected_next_lands_on_a_real_page(client, editor):
    response = password_step(client, "editor", next_url="https://evil.example/")
    assert response["Location"] == "/review/start/"


def stale(client):
    session = client.session
    session[CONFIRMED_AT] = int(time.time()) - (settings.REAUTH_MINUTES * 60 + 5)
    session.save()


@pytest.fixture
def revision(editor):
    return waiting(editor=editor, summary="x")


def decide(client, revision, **extra):
    return client.post(reverse("reviews:decide", args=[revision.pk]), {"decision": "approve", **extra})


def test_signing_off_asks_for_the_password_and_a_code_again_after_15_minutes(reviewer_client, reviewer, revision):
    stale(reviewer_client)
    device = TOTPDevice.objects.get(user=reviewer)
    page = reviewer_client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert 'name="identity"' in page and 'name="identity_code"' in page
    assert decide(reviewer_client, revision).status_code == 400
    response = decide(reviewer_client, revision, identity="not my password", identity_code=code(device))
    assert response.status_code == 400 and "That password or code is not right." in response.content.decode()
    assert not SignOff.objects.exists()
    assert decide(reviewer_client, revision, identity=PASSWORD, identity_code=code(device)).status_code == 302
    assert SignOff.objects.get().decision == "approved"


def test_the_step_up_takes_neither_the_password_alone_nor_a_code_alone(reviewer_client, reviewer, revision):
    """A stolen session and a phished password (or a code read over a shoulder) are not
    enough to sign: the step-up asks for both factors, as logging in does."""
    stale(reviewer_client)
    device = TOTPDevice.objects.get(user=reviewer)
    wrong = [{"identity": PASSWORD}, {"identity": PASSWORD, "identity_code": "000000"}, {"identity": code(device)}]
    for alone in wrong:
        response = decide(reviewer_client, revision, **alone)
        assert response.status_code == 400, alone
        device.throttle_reset()
    assert not SignOff.objects.exists()


def test_a_recovery_code_also_confirms(reviewer_client, reviewer, revision):
    stale(reviewer_client)
    recovery = StaticDevice.objects.create(user=reviewer, name="backup")
    recovery.token_set.create(token="a1b2c3d4")
    assert decide(reviewer_client, revision, identity=PASSWORD, identity_code="a1b2c3d4").status_code == 302
    assert SignOff.objects.exists() and not recovery.token_set.exists()  # used once


def test_a_fresh_login_is_not_asked_again(reviewer_client, revision):
    page = reviewer_client.get(reverse("reviews:revision", args=[revision.pk])).content.decode()
    assert 'name="identity"' not in page
    assert decide(reviewer_client, revision).status_code == 302


def test_withdrawing_and_confirming_ask_again_too(site_admin, reviewer_client):
    article = full_article()
    site_admin_client = login(Client(), site_admin)
    stale(site_admin_client)
    url = reverse("reviews:withdraw", args=[article.pk])
    assert site_admin_client.post(url, {"reason": "dose"}).status_code == 400
    stale(reviewer_client)
    assert reviewer_client.post(reverse("reviews:confirm", args=[article.pk]), {"comment": ""}).status_code == 400
    device = TOTPDevice.objects.get(user=site_admin)
    confirmed = {"reason": "dose", "identity": PASSWORD, "identity_code": code(device)}
    assert site_admin_client.post(url, confirmed).status_code == 302


def test_staff_sessions_end_at_browser_close_and_after_8_idle_hours(client, editor):
    password_step(client, "editor")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert settings.SESSION_COOKIE_AGE == 8 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST


def test_changing_a_password_ends_the_other_sessions(client, editor):
    other = Client()
    password_step(other, "editor")
    password_step(client, "editor")
    response = client.post(
        reverse("admin:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 7",
            "new_password2": "another long passphrase 7",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session was kept
    assert other.get("/admin/").status_code == 302  # the other one ended
