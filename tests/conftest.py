"""Shared personas (anonymous, editor, reviewer, second reviewer, site admin, superuser)
as users and logged-in clients, and the PostgreSQL-only marker."""

import importlib
import os
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from articles.history import acting_as
from public import cache as page_cache
from public import publication_rows
from tests.factories import UserFactory, editor_user, full_article, publication, reviewer_user
from tests.helpers import login

# Hypothesis: a few thousand examples in `make test`; `make fuzz` runs many more. The
# tests reuse one database per test function (read-only but for reports), hence the
# function-scoped fixture check is off.
_FUZZ_DEFAULTS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}
hypothesis_settings.register_profile("default", max_examples=1000, **_FUZZ_DEFAULTS)
hypothesis_settings.register_profile("fuzz", max_examples=30000, **_FUZZ_DEFAULTS)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# Under `make test` the suite runs on SQLite and on PostgreSQL side by side, one process
# each (SUITE_SPLIT=1). A test that depends on the engine (raw SQL, the search
# indexes, migrations, query plans, input the engines treat differently) is marked
# `dialect` and runs in both; `postgres` tests need PostgreSQL (row locks; the fuzz tests
# run where a stray byte can break a query); every other test runs once, in the share of
# its folder: the readers' side (public pages, the browser) and the site's settings and
# middleware on SQLite, the rest on PostgreSQL, so the two processes end together.
# Without SUITE_SPLIT a run keeps every test its database can run.
SQLITE_SHARE = ("tests/public/", "tests/browser/", "tests/symptomsite/")
ONLY_ON_POSTGRES = ("postgres", "fuzz")


def databases_for(item) -> set[str]:
    """Where ``item`` runs under `make test`: "sqlite", "postgresql" or both."""
    if any(item.get_closest_marker(name) for name in ONLY_ON_POSTGRES):
        return {"postgresql"}
    if item.get_closest_marker("dialect"):
        return {"sqlite", "postgresql"}
    path = item.nodeid.split("::")[0]
    return {"sqlite"} if path.startswith(SQLITE_SHARE) else {"postgresql"}


def pytest_collection_modifyitems(config, items):
    vendor = connection.vendor
    if os.environ.get("SUITE_SPLIT"):
        keep = [item for item in items if vendor in databases_for(item)]
    elif vendor == "postgresql":
        keep = items
    else:
        keep = [item for item in items if not any(item.get_closest_marker(name) for name in ONLY_ON_POSTGRES)]
    kept = {id(item) for item in keep}
    deselected = [item for item in items if id(item) not in kept]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """PostgreSQL's test database is thrown away: its commits (every migration while it is
    made, every transactional test) need not wait for the disk."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgres") or database["ENGINE"].endswith("postgresql"):
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


ROLE_MIGRATIONS = [
    "articles.migrations.0002_roles",
    "reviews.migrations.0002_roles_and_published_articles",
    "reviews.migrations.0004_report_permissions",
    "reviews.migrations.0008_accounts_in_the_audit_log",
    "articles.migrations.0015_care_advice_roles",
    "articles.migrations.0021_warning_sign_roles",
    "articles.migrations.0022_translations",
]


@pytest.fixture
def account_audit_paused():
    """For tests that migrate back to a schema from before account events existed."""
    from reviews.accounts.audit import audit_paused

    with audit_paused():
        yield


def rerun_role_migrations():
    for name in ROLE_MIGRATIONS:
        module = importlib.import_module(name)
        (getattr(module, "create_roles", None) or module.forwards)(apps, None)
        if hasattr(module, "rights_flow_from_above"):
            module.rights_flow_from_above(apps, None)


def ensure_roles():
    """The roles, made again if a transactional test flushed this worker's database before
    (`make test-fast`'s workers take each other's tests in any order), inside the current
    transaction."""
    if not Group.objects.exists():
        rerun_role_migrations()


@pytest.fixture
def roles(transactional_db):
    """Transactional tests (threads, live server) start from a flushed database, which
    loses what data migrations made; the role migrations are idempotent, so rerun them."""
    rerun_role_migrations()


@pytest.fixture(autouse=True)
def content_author(request, fast_password_hashing):
    """Content made by factories and test set-up is attributed to a set-up user, as a
    command would attribute it (articles/history.py); tests that check four-eyes act as
    the people they test with ``acting_as`` or tests.helpers.edit. Mark a test
    ``unattributed`` to see what happens with no author."""
    uses_db = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if (
        not uses_db
        and not request.node.get_closest_marker("django_db")
        or request.node.get_closest_marker("unattributed")
    ):
        yield None
        return
    transactional = "transactional_db" in request.fixturenames
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not transactional:
        ensure_roles()
    author = UserFactory(username="content-setup")
    with acting_as(author):
        yield author


@pytest.fixture(autouse=True)
def audit_anchor_file(settings, tmp_path):
    """Anchors go to a file of the test's own, never to the checkout's var/."""
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")
    return settings.AUDIT_ANCHOR_FILE


@pytest.fixture(autouse=True, scope="session")
def static_files_without_collectstatic():
    """With DEBUG off (as in tests) the site links hashed static names that only a
    collectstatic makes (symptomsite/settings.py). Tests render pages without one: plain
    names, served from the app folders. tests/public/test_http_caching.py runs the real
    collectstatic and checks the production storage, names and headers."""
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=plain, WHITENOISE_USE_FINDERS=True):
        yield


@pytest.fixture(autouse=True)
def one_server_process(settings):
    # The test process is the only one serving: the publication generation may live in its
    # per-process cache (reviews/readmodel/clock.py), as in a WEB_CONCURRENCY=1 deployment.
    settings.WEB_CONCURRENCY = 1


@pytest.fixture(autouse=True)
def empty_cache():
    # Rendered pages are cached by content hash; tests reuse database ids.
    cache.clear()
    page_cache.forget_local()
    publication_rows.forget()


@pytest.fixture
def cache_down(settings):
    """The shared cache as configured for Redis (symptomsite/settings.py), with nothing
    listening on its port: every cache call raises. Django re-reads CACHES."""
    settings.CACHES = {
        "default": {"BACKEND": "symptomsite.redis_cache.SignedRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }


# Factories hash a password per user; the production hasher is slow on purpose.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@contextmanager
def kept_for_the_group(django_db_blocker):
    """Data written once for a group of tests that only read it (a class, a module): in a
    transaction of its own that each test's transaction nests in as a savepoint, so a test
    still changes nothing for the next, and rolled back when the group is done."""
    with django_db_blocker.unblock():
        group = transaction.atomic()
        group.__enter__()
        try:
            ensure_roles()
            yield
        finally:
            transaction.set_rollback(True)
            group.__exit__(None, None, None)


@contextmanager
def group_author():
    """Set-up for a group of tests, attributed as content_author attributes a test's own
    (the autouse fixtures are per test, so a group's set-up says it itself)."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), acting_as(UserFactory(username="group-setup")):
        yield


@pytest.fixture(scope="class")
def shared_demo(django_db_setup, django_db_blocker):
    """The demo site, loaded once for a class of tests that only read it (loading it is
    most of such a test's time)."""
    with kept_for_the_group(django_db_blocker):
        call_command("load_demo", verbosity=0)
        yield


@pytest.fixture
def editor(db):
    return editor_user("editor")


@pytest.fixture
def reviewer(db):
    return reviewer_user("reviewer", display_name="Dr Rosa Reyes", credentials="MD, FACS")


@pytest.fixture
def second_reviewer(db):
    return reviewer_user("reviewer2", display_name="Dr Sam Okafor", credentials="MD, FRCP")


@pytest.fixture
def site_admin(db):
    return UserFactory(username="siteadmin", groups=["Site admins"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def live_publication(editor, reviewer):
    """A full article ("cramps") that the editor persona submitted and the reviewer signed
    off: its Publication, what readers get."""
    return publication(full_article(slug="cramps", editor=editor, reviewer=reviewer))


@pytest.fixture
def editor_client(client, editor):
    login(client, editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    login(client, reviewer)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    login(client, superuser)
    return client


@pytest.fixture
def site_admin_client(client, site_admin):
    login(client, site_admin)
    return client


@pytest.fixture
def anonymous_client(client):
    """A reader: no login, no session."""
    client.logout()
    return client


@pytest.fixture
def signing_key(settings):
    """The site signs sign-offs with an Ed25519 key of the test's own (reviews/provenance/signing.py);
    without this fixture it has none, as a fresh clone has."""
    from reviews.provenance.signing import new_private_key

    key, encoded = new_private_key()
    settings.SIGNING_KEY = encoded
    return key
