"""Correct across processes: what decides that a page is fresh is in the database (reviews'
PublicationClock), so every server process sees a withdrawal on its next request whatever
the cache backend; a per-process cache behind several processes is still refused by
`check --deploy` (symptomsite/checks.py)."""

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from symptomsite.checks import check_shared_cache
from tests.helpers import free_port, wait_until_serving
from tests.symptomsite.test_settings import run_check_deploy

pytestmark = pytest.mark.slow

KEYS = {"SECRET_KEY": "a-real-secret-key-for-the-process-test-0123456789", "AUDIT_KEY": "a-real-audit-key-0123456789"}

SETUP = """
from articles.history import acting_as
from tests.factories import ArticleFactory, EntryFactory, EntryGroupFactory, SectionFactory, UserFactory, publish

with acting_as(UserFactory(username="content-setup")):
    linked = ArticleFactory(title="Linked symptom", slug="linked", live=True)
    article = ArticleFactory(title="Linking symptom", slug="linking")
    group = EntryGroupFactory(section=SectionFactory(article=article))
    EntryFactory(group=group, condition=None, related_article=linked)
    publish(article)
"""

WITHDRAW = """
from articles.models import Article
from reviews.workflow import services
from tests.factories import UserFactory

admin = UserFactory(username="siteadmin", groups=["Site admins"])
services.withdraw(article=Article.objects.get(slug="linked"), by=admin, reason="Found a problem")
"""


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, check=True, capture_output=True
    )


def get(port: int, path: str, **headers: str) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


REDIS_FOR_THE_TEST = "redis://127.0.0.1:6379/14"


def server_env(directory: Path, static_root: Path, *, redis: str = "") -> dict[str, str]:
    """The environment of a production server process on the SQLite file in ``directory``."""
    return {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DATABASE_URL", "CACHE_URL"))},
        **KEYS,
        "DJANGO_SETTINGS_MODULE": "symptomsite.settings",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{directory / 'site.sqlite3'}",
        "STATIC_ROOT": str(static_root),
        "AUDIT_ANCHOR_FILE": str(directory / "anchors.jsonl"),
        "REDIS_URL": redis,
    }


@pytest.fixture(scope="module")
def site_database(tmp_path_factory, collected_static) -> Path:
    """A migrated SQLite file holding two live articles, one linking to the other: made
    once, copied for each pair of servers."""
    directory = tmp_path_factory.mktemp("processes")
    env = server_env(directory, collected_static)
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", SETUP)
    return directory / "site.sqlite3"


@pytest.fixture(params=["per-process cache", "shared cache"])
def two_servers(request, tmp_path, collected_static, site_database):
    """Two gunicorn processes as production runs them (DEBUG off, the collected static
    files) on ports of their own, sharing one SQLite file of their own, whichever database
    the rest of the suite runs on; with the default per-process cache (so nothing but the
    database tells them), or with Redis (where the publication generation lets them skip
    the database: reviews/readmodel/clock.py)."""
    shared = request.param == "shared cache"
    if shared:
        import redis

        redis.Redis.from_url(REDIS_FOR_THE_TEST).flushdb()
    shutil.copyfile(site_database, tmp_path / "site.sqlite3")
    env = server_env(tmp_path, collected_static, redis=REDIS_FOR_THE_TEST if shared else "")
    servers, ports = [], []
    try:
        for number in (1, 2):
            port, log = free_port(), tmp_path / f"server{number}.log"
            command = [sys.executable, "-m", "gunicorn", "symptomsite.wsgi", "--bind", f"127.0.0.1:{port}"]
            with log.open("w") as output:
                servers.append(
                    subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
                        [*command, "--workers", "1"], env=env, cwd=settings.BASE_DIR, stdout=output, stderr=output
                    )
                )
            wait_until_serving(port, servers[-1], log)
            ports.append(port)
        yield {"ports": ports, "env": env}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)


def test_a_withdrawal_is_seen_by_every_server_process_on_its_next_request(two_servers):
    first, second = two_servers["ports"]
    link = 'href="/symptoms/linked/"'
    etags = {}
    for port in (first, second):
        for _ in range(3):  # later answers come from what the process kept
            status, body, headers = get(port, "/symptoms/linking/")
            assert status == 200 and link in body
        etags[port] = headers["ETag"]
    assert etags[first] == etags[second]  # one validator, whichever process answers

    # Withdrawn by another process again (the command line), as the workspace behind
    # either server would: the only thing that tells the servers is the database.
    manage(two_servers["env"], "shell", "-c", WITHDRAW)

    for port in (second, first):
        status, body, _ = get(port, "/symptoms/linking/")
        assert status == 200 and link not in body and "Linked symptom" in body  # named, no longer linked
        assert get(port, "/symptoms/linked/")[0] == 410
        # A reader who kept the page from before the withdrawal is not told it is current.
        assert get(port, "/symptoms/linking/", **{"If-None-Match": etags[first]})[0] == 200


# The deployment check


@pytest.mark.parametrize(
    ("debug", "processes", "backend", "refused"),
    [
        (False, 0, "django.core.cache.backends.locmem.LocMemCache", True),  # unset: may be more than one
        (False, 4, "django.core.cache.backends.locmem.LocMemCache", True),
        (False, 1, "django.core.cache.backends.locmem.LocMemCache", False),
        (False, 4, "django.core.cache.backends.redis.RedisCache", False),
        (True, 4, "django.core.cache.backends.locmem.LocMemCache", False),
    ],
)
def test_a_per_process_cache_is_refused_when_more_than_one_process_may_serve(
    settings, debug, processes, backend, refused
):
    settings.DEBUG = debug
    settings.WEB_CONCURRENCY = processes
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/0"}}
    errors = check_shared_cache(None)
    assert [error.id for error in errors] == (["symptomsite.E002"] if refused else [])


def test_check_deploy_refuses_the_default_cache_unless_one_process_is_declared():
    production = {"HTTPS": "1", **KEYS}
    refused = run_check_deploy(**production)
    assert refused.returncode != 0
    assert "symptomsite.E002" in refused.stderr and "REDIS_URL" in refused.stderr
    for declared in ({"WEB_CONCURRENCY": "1"}, {"WEB_CONCURRENCY": "4", "REDIS_URL": "redis://127.0.0.1:6379/0"}):
        result = run_check_deploy(**production, **declared)
        assert "symptomsite.E002" not in result.stdout + result.stderr
