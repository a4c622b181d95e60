"""The cluster's fault tests run against the parts `make cluster` started (deploy/cluster.py),
with the app nodes' environment (`make cluster-test` sets it): the database is the
cluster's own, not a test database, and each test leaves the cluster running."""

import http.client
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import cluster  # noqa: E402 - deploy/cluster.py, the script that runs the parts

EDGE, BALANCER = cluster.PORTS["edge"], cluster.PORTS["balancer"]


@pytest.fixture(scope="session", autouse=True)
def cluster_database(django_db_blocker):
    from django.conf import settings

    if "replica" not in settings.DATABASES or settings.DATABASES["default"]["PORT"] != cluster.PORTS["primary"]:
        pytest.exit("Run these with the cluster's environment: make cluster-test", returncode=2)
    with django_db_blocker.unblock():
        every_demo_article_live()
        yield


def every_demo_article_live() -> None:
    """A test stopped half-way may have left an article withdrawn: bring them back."""
    from django.contrib.auth import get_user_model

    from reviews.readmodel.models import Publication
    from reviews.workflow import services

    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    for publication in Publication.objects.filter(withdrawn_at__isnull=False).select_related("article"):
        revision = services.submit_for_review(article=publication.article, by=editor, summary="Back after a test")
        services.approve(revision=revision, reviewer=reviewer)


def get(port: int, path: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


@dataclass
class Counts:
    requests: int
    bad_status: int  # answers other than 2xx and 3xx
    socket_errors: int
    rate: float

    @property
    def failed(self) -> int:
        return self.bad_status + self.socket_errors


class Load:
    """wrk against ``url`` in the background for ``seconds``; ``counts()`` when it ends."""

    def __init__(self, url: str, seconds: float, connections: int = 16):
        # Readers' browsers accept gzip: the edge keeps pages gzipped. On real hosts the load
        # comes from elsewhere: here it yields the cores to the cluster first (nice).
        command = [
            "nice",
            "-n",
            "10",
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--timeout",
            "10s",
            "-H",
            "Accept-Encoding: gzip",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [*command, url],
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> Counts:
        """End the load now (wrk prints its figures on SIGINT)."""
        self.process.send_signal(signal.SIGINT)
        return self.counts()

    def counts(self) -> Counts:
        output, _ = self.process.communicate(timeout=3600)
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        requests = re.search(r"(\d+) requests in", output)
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        assert requests and rate, output
        return Counts(
            requests=int(requests.group(1)),
            bad_status=int(bad.group(1)) if bad else 0,
            socket_errors=sum(map(int, sockets.groups())) if sockets else 0,
            rate=float(rate.group(1)),
        )


def wait_until(check, seconds: float, every: float = 0.005) -> float | None:
    """Seconds until ``check()`` held, or None if it did not within ``seconds``."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > seconds:
            return None
        time.sleep(every)
