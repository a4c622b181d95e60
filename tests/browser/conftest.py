"""Real headless Chromium (Debian's package) driven by Playwright against live_server."""

import os
import shutil
import sqlite3

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from articles.history import current_author
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update"],
        )
        yield chromium
        chromium.close()


_demo_copy: list[sqlite3.Connection] = []


def load_demo():
    """The demo, as `manage.py load_demo` writes it, for a test that runs a live server.
    On an in-memory SQLite database (the SQLite share of `make test`) the first load in
    the process is kept as a copy, and later tests get the copy back (sqlite3's backup:
    milliseconds, where loading takes over a second); other databases load it each time."""
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        call_command("load_demo", verbosity=0)
        return
    connection.ensure_connection()
    if _demo_copy:
        _demo_copy[0].backup(connection.connection)
        ContentType.objects.clear_cache()  # the copy's ids, not those the flush made
        _same_author_as_the_copy()
        return
    call_command("load_demo", verbosity=0)
    _demo_copy.append(sqlite3.connect(":memory:", check_same_thread=False))
    connection.connection.backup(_demo_copy[0])


def _same_author_as_the_copy():
    """The test's set-up account (tests/conftest.py's content_author) was written before
    the copy replaced every row: it is now the copy's account of the same name."""
    author = current_author()
    if author is not None:
        author.pk = get_user_model().objects.get(username=author.username).pk


def _page(browser, live_server, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url, **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A page that lets tests inject their own scripts (axe) past the site's CSP."""
    context, page = _page(browser, live_server, bypass_csp=True)
    yield page
    context.close()


@pytest.fixture
def strict_page(browser, live_server):
    """A page held to the site's Content-Security-Policy, recording every violation in
    ``window.cspViolations``."""
    context, page = _page(browser, live_server)
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push("
        "e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));"
    )
    yield page
    context.close()


def log_in(page, username):
    """Sign in through the login wizard, with a code from the account's authenticator
    when it needs a second factor; lands where a login lands (the workspace or admin)."""
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reviews.accounts.security import needs_second_factor

    user = get_user_model().objects.get(username=username)
    device = None
    if needs_second_factor(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    page.context.clear_cookies()
    page.goto("/account/login/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSWORD)
    page.click("button.btn-primary")
    if device is not None:
        device.throttle_reset()
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.fill("#id_token-otp_token", f"{code:06d}")
        page.click("button.btn-primary")
    page.wait_for_url(lambda url: "/account/" not in url and "/start/" not in url)
