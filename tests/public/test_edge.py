"""The edge cache (public/edge.py, deploy/varnish/symptomsite.vcl): pages name what they
show, a sign-off or withdrawal enqueues its purge in its own transaction, and the job
drops exactly the pages the change touched from a real Varnish (with xkey) in front of
the live server; an edge that does not acknowledge is retried and shown on the dashboard.
A job whose worker died is run again (public/management/commands/run_jobs.py)."""

import datetime
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from public import edge, export, publication_rows
from public.export import showing
from public.management.commands.run_jobs import release_abandoned
from public.models import Mirror
from reviews.readmodel.models import PublicationClock
from reviews.workflow import services
from tests import factories
from tests.factories import ArticleFactory, editor_user, reviewer_user

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "symptomsite.vcl"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, path: str, method: str = "GET", **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


class Varnish:
    """varnishd in front of ``backend``, with the project's VCL; purgers: ``purgers``."""

    def __init__(self, directory: Path, backend: int, purgers: str = '"127.0.0.1"; "::1";'):
        self.port = free_port()
        (directory / "symptomsite-site.vcl").write_text(
            f'backend default {{ .host = "127.0.0.1"; .port = "{backend}"; }}\nacl purgers {{ {purgers} }}\n'
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [shutil.which("varnishd") or "/usr/sbin/varnishd", "-F", "-f", str(VCL), "-a", f"127.0.0.1:{self.port}",
             "-n", str(directory / "n"), "-T", "none", "-j", "none", "-s", "malloc,32m",
             "-p", f"vcl_path={directory}:{VCL.parent}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                request(self.port, "/", "PURGE", **{"xkey-purge": "none"})  # answered by the edge itself
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("varnishd did not start") from None
                time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def hit(self, path: str) -> tuple[int, bool]:
        """(status, whether the edge answered from its cache) of a GET of ``path``."""
        response = request(self.port, path)
        return response.status, len((response.getheader("X-Varnish") or "").split()) == 2

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def empty_edge(live_server, tmp_path, settings):
    """A Varnish of its own for the test, purged by its jobs (the clock it has seen starts
    afresh, as the test database does)."""
    edge_cache = Varnish(tmp_path, int(live_server.url.rsplit(":", 1)[1]))
    settings.EDGE_PURGE_URLS = [edge_cache.url]
    yield edge_cache
    edge_cache.stop()


def run_jobs() -> None:
    call_command("run_jobs", batch=True, verbosity=0)


def two_live_articles():
    return factories.two_live_articles(editor=editor_user("edge-editor"), reviewer=reviewer_user("edge-reviewer"))


@pytest.fixture
def site_admin_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="edge-admin", groups=["Site admins"])


class TestPagesNameWhatTheyShow:
    @pytest.mark.django_db
    def test_each_public_page_carries_its_tags(self, client):
        article, _ = two_live_articles()
        tags = {
            reverse("public:detail", args=[article.slug]): {"article:muscle-atrophy", "path:/symptoms/muscle-atrophy/"},
            reverse("public:home"): {"listing", "path:/"},
            reverse("public:index"): {"listing"},
            reverse("public:feed"): {"feed"},
            reverse("sitemap"): {"sitemap"},
            "/api/v1/articles/muscle-atrophy": {"api"},
        }
        for path, expected in tags.items():
            response = client.get(path)
            assert response.status_code == 200, path
            assert expected | {"site"} <= set(response[edge.TAG_HEADER].split()), path

    @pytest.mark.django_db
    def test_pages_no_shared_cache_may_keep_carry_none(self, client, reviewer_client):
        two_live_articles()
        assert edge.TAG_HEADER not in client.get(reverse("public:search"), {"q": "muscle"})
        assert edge.TAG_HEADER not in client.get("/symptoms/no-such-page/")
        assert edge.TAG_HEADER not in reviewer_client.get(reverse("reviews:dashboard"))


class TestThePurgeIsPartOfTheChange:
    @pytest.mark.django_db
    def test_enqueued_only_if_the_change_commits(self, settings, site_admin_user):
        settings.EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]
        article, _ = two_live_articles()
        DBTaskResult.objects.all().delete()
        with pytest.raises(RuntimeError), transaction.atomic():
            services.withdraw(article=article, by=site_admin_user, reason="Outdated")
            assert DBTaskResult.objects.count() == 1  # in the change's own transaction
            raise RuntimeError("the change fails after the job was written")
        assert not DBTaskResult.objects.exists()
        services.withdraw(article=article, by=site_admin_user, reason="Outdated")
        job = DBTaskResult.objects.get()
        assert (job.task_path, job.status) == ("public.edge.purge_edge", "READY")
        assert job.args_kwargs["args"][0] == article.pk

    @pytest.mark.django_db
    def test_the_pages_showing_the_article_are_read_once_for_the_export_and_the_edge(
        self, settings, site_admin_user, tmp_path, monkeypatch
    ):
        settings.EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]
        Mirror.objects.create(location=str(tmp_path))
        article, _ = two_live_articles()
        read = []
        monkeypatch.setattr(export, "showing", lambda article_id: read.append(article_id) or showing(article_id))
        services.withdraw(article=article, by=site_admin_user, reason="Outdated")
        assert read == [article.pk]

    @pytest.mark.django_db
    def test_if_they_cannot_be_read_the_change_goes_on_and_the_job_purges_everything(
        self, settings, site_admin_user, monkeypatch, caplog
    ):
        settings.EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]
        article, _ = two_live_articles()
        DBTaskResult.objects.all().delete()

        def broken(article_id):
            raise RuntimeError("a listing that cannot be read")

        monkeypatch.setattr(export, "showing", broken)
        services.withdraw(article=article, by=site_admin_user, reason="Outdated")
        job = DBTaskResult.objects.get()
        assert job.args_kwargs["args"] == [article.pk, None]
        assert edge.purge_tags(article.pk, None) == ["site"]
        assert "Could not read the pages showing article" in caplog.text

    @pytest.mark.django_db
    def test_without_an_edge_nothing_is_enqueued(self, settings, site_admin_user):
        settings.EDGE_PURGE_URLS = []
        article, _ = two_live_articles()
        services.withdraw(article=article, by=site_admin_user, reason="Outdated")
        assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
class TestAtTheEdge:
    def test_a_withdrawal_drops_exactly_the_pages_it_changed(self, empty_edge, site_admin_user):
        article, other = two_live_articles()
        pages = ["/symptoms/muscle-atrophy/", "/symptoms/hiccups/", "/", "/categories/muscles/"]
        for path in pages:
            empty_edge.hit(path)
            assert empty_edge.hit(path) == (200, True), path
        DBTaskResult.objects.all().delete()
        services.withdraw(article=article, by=site_admin_user, reason="Outdated")
        # A reader cannot purge: only PURGE from a purger does.
        empty_edge.hit("/symptoms/muscle-atrophy/")
        request(empty_edge.port, "/symptoms/muscle-atrophy/", **{"xkey-purge": "site", "xkey": "site"})
        assert empty_edge.hit("/symptoms/muscle-atrophy/") == (200, True)  # the edge's copy until the job runs
        run_jobs()
        assert empty_edge.hit("/symptoms/muscle-atrophy/") == (410, False)
        assert empty_edge.hit("/") == (200, False)
        assert empty_edge.hit("/symptoms/hiccups/") == (200, True)  # it does not show the withdrawn article
        assert b"Muscle atrophy" not in fetch_body(empty_edge.port, "/categories/muscles/")
        assert "xkey" not in {name.lower() for name, _ in request(empty_edge.port, "/").getheaders()}
        assert other.pk != article.pk

    def test_a_withdrawal_drops_the_articles_pages_in_every_language(self, empty_edge, site_admin_user):
        from tests.factories import editor_user
        from tests.translating import live_spanish, spanish_reviewer

        article, _ = two_live_articles()
        live_spanish(article, translator=editor_user("translator"), reviewer=spanish_reviewer())
        pages = ["/es/symptoms/muscle-atrophy/", "/es/", "/es/feeds/reviewed/"]
        for path in pages:
            empty_edge.hit(path)
            assert empty_edge.hit(path) == (200, True), path
        DBTaskResult.objects.all().delete()
        services.withdraw(article=article, by=site_admin_user, reason="Outdated")
        run_jobs()
        assert empty_edge.hit("/es/symptoms/muscle-atrophy/") == (410, False)
        assert b"muscle-atrophy" not in fetch_body(empty_edge.port, "/es/")
        assert empty_edge.hit("/es/feeds/reviewed/")[1] is False

    def test_an_edge_that_does_not_acknowledge_is_retried_and_shown(
        self, empty_edge, settings, site_admin_user, reviewer_client
    ):
        article, _ = two_live_articles()
        empty_edge.hit("/symptoms/muscle-atrophy/")
        DBTaskResult.objects.all().delete()
        settings.EDGE_PURGE_URLS = [empty_edge.url, f"http://127.0.0.1:{free_port()}/"]  # one edge down
        services.withdraw(article=article, by=site_admin_user, reason="Outdated")
        run_jobs()
        failed = DBTaskResult.objects.get(status="FAILED")
        assert "Failed (attempt 1, retried)" in failed.traceback
        retry = DBTaskResult.objects.get(status="READY", args_kwargs__kwargs__attempt=1)
        assert retry.run_after > timezone.now()
        page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
        assert "1 background job failing" in page
        assert f"(article {article.pk}): attempt 1 failed with" in page and "Connection refused" in page
        # The edge is back: the retry succeeds and the dashboard says nothing more.
        settings.EDGE_PURGE_URLS = [empty_edge.url]
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        run_jobs()
        assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
        assert "background job" not in reviewer_client.get(reverse("reviews:dashboard")).content.decode()
        assert empty_edge.hit("/symptoms/muscle-atrophy/") == (410, False)

    def test_no_page_made_before_the_latest_purge_is_kept(self, empty_edge):
        """A page an app server rendered from a state older than the latest purge's (a
        request in flight as the change committed) reaches its reader but is not kept."""
        two_live_articles()
        clock = edge.publication_clock()
        assert (
            request(empty_edge.port, "/", "PURGE", **{"xkey-purge": "none", "xkey-clock": str(clock + 1)}).status == 200
        )
        empty_edge.hit("/symptoms/hiccups/")
        assert empty_edge.hit("/symptoms/hiccups/") == (200, False)  # made at `clock`: not kept
        request(empty_edge.port, "/", "PURGE", **{"xkey-purge": "none", "xkey-clock": "0"})  # never goes back
        assert empty_edge.hit("/symptoms/hiccups/") == (200, False)
        PublicationClock.objects.filter(pk=1).update(version=clock + 1)  # the state the purge named
        empty_edge.hit("/symptoms/hiccups/")
        assert empty_edge.hit("/symptoms/hiccups/") == (200, False)  # its row, kept by the process, is older
        publication_rows.forget()
        empty_edge.hit("/symptoms/hiccups/")
        assert empty_edge.hit("/symptoms/hiccups/") == (200, True)

    def test_only_purgers_may_purge(self, live_server, tmp_path):
        two_live_articles()
        guarded = Varnish(tmp_path, int(live_server.url.rsplit(":", 1)[1]), purgers='"192.0.2.1";')
        try:
            guarded.hit("/symptoms/hiccups/")
            assert request(guarded.port, "/", "PURGE", **{"xkey-purge": "site"}).status == 403
            assert guarded.hit("/symptoms/hiccups/") == (200, True)
        finally:
            guarded.stop()


def fetch_body(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def wait_until_ended(pid: int) -> None:
    """Until the process has ended (a zombie: its parent has not reaped it)."""
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.monotonic() < deadline
        time.sleep(0.01)


def dead_pid() -> int:
    """The process id of a process of this host that has ended."""
    ended = subprocess.Popen([sys.executable, "-c", ""])  # noqa: S603 - our own arguments
    ended.wait()
    return ended.pid


@pytest.mark.django_db
def test_jobs_no_worker_starts_are_shown_on_the_dashboard(settings, site_admin_user, reviewer_client):
    settings.EDGE_PURGE_URLS = ["http://127.0.0.1:9/"]
    article, _ = two_live_articles()
    DBTaskResult.objects.all().delete()
    services.withdraw(article=article, by=site_admin_user, reason="Outdated")
    assert "not started" not in reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=2))
    page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    assert "1 background job not started for over a minute" in page and "manage.py run_jobs" in page


class TestJobsOfStoppedWorkers:
    def job(self, worker: str, started: datetime.datetime) -> DBTaskResult:
        job = edge.purge_edge.enqueue(1, {}).db_result
        DBTaskResult.objects.filter(pk=job.pk).update(status="RUNNING", worker_ids=[worker], started_at=started)
        return job

    @pytest.mark.django_db
    def test_a_job_whose_worker_is_gone_runs_again(self):
        host = socket.gethostname()[:40]
        dead = dead_pid()
        now = timezone.now()
        gone = self.job(f"{host}:{dead}", now)
        zombie = subprocess.Popen([sys.executable, "-c", ""])  # noqa: S603 - ended, not yet reaped
        wait_until_ended(zombie.pid)
        killed = self.job(f"{host}:{zombie.pid}", now)
        # A worker of this host is judged by its process, however long its job runs (a daily link check).
        alive = self.job(f"{host}:{os.getpid()}", now - datetime.timedelta(hours=1))
        elsewhere = self.job("other-host:1", now)
        stale = self.job("other-host:2", now - datetime.timedelta(hours=1))
        assert release_abandoned(now) == 3
        zombie.wait()
        status = dict(DBTaskResult.objects.values_list("pk", "status"))
        assert (status[gone.pk], status[killed.pk], status[stale.pk]) == ("READY", "READY", "READY")
        assert (status[alive.pk], status[elsewhere.pk]) == ("RUNNING", "RUNNING")

    @pytest.mark.django_db(transaction=True)  # the worker closes connections left in a transaction
    def test_a_worker_starting_runs_the_job_a_killed_one_left(self, settings):
        settings.EDGE_PURGE_URLS = []
        article = ArticleFactory()
        dead = dead_pid()
        job = edge.purge_edge.enqueue(article.pk, showing(article.pk).to_json()).db_result
        DBTaskResult.objects.filter(pk=job.pk).update(
            status="RUNNING", worker_ids=[f"{socket.gethostname()[:40]}:{dead}"], started_at=timezone.now()
        )
        run_jobs()
        assert DBTaskResult.objects.get(pk=job.pk).status == "SUCCESSFUL"
