"""manage.py check_links against a local HTTP server (no outside network): what each URL
answered, the same-day re-run, the refusal of private hosts, and the dashboard's list."""

import datetime
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from reviews.models import LinkCheck, LinkCitation, LinkStatus
from reviews.operations import link_requests
from reviews.operations.link_requests import Checker, HostGate, NotFetched
from reviews.workflow import services
from tests.factories import ArticleFactory, ReferenceFactory, editor_user, publish

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TIMEOUT = 0.5
SLOW = 1.5  # seconds /slow takes to answer: longer than TIMEOUT
PATHS = ["/ok", "/moved", "/gone", "/error", "/slow", "/no-head"]
WORK = 0.02  # seconds each request is counted in flight: two sent at once would overlap


class Handler(BaseHTTPRequestHandler):
    server: "LinkServer"

    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        server = self.server
        # /slow is still sleeping here after the checker gave up on it and moved on: it
        # is not counted among the requests in flight.
        counted = int(self.path != "/slow")
        with server.lock:
            server.hits.append((self.command, self.path, self.headers.get("User-Agent", "")))
            server.in_flight += counted
            server.most_at_once = max(server.most_at_once, server.in_flight)
        try:
            time.sleep(WORK)
            status, headers = self.route()
        finally:
            # Counted out before the answer goes: the checker's next request can start only
            # once it has read this answer, so only requests sent at once overlap here (a
            # count taken after the answer raced the next request on a busy machine).
            with server.lock:
                server.in_flight -= counted
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            pass  # the checker gave up waiting (/slow)

    def route(self):
        match self.path:
            case "/ok":
                return 200, {}
            case "/moved":
                return 301, {"Location": "/ok"}
            case "/gone":
                return 404, {}
            case "/error":
                return 500, {}
            case "/slow":
                time.sleep(SLOW)
                return 200, {}
            case "/no-head":
                return (405, {"Allow": "GET"}) if self.command == "HEAD" else (200, {})
            case "/loop":
                return 302, {"Location": "/loop"}
        return 404, {}

    def log_message(self, format, *args):
        pass


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.hits: list[tuple[str, str, str]] = []
        self.in_flight = self.most_at_once = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self):
        return sorted({path for _, path, _ in self.hits})

    def handle_error(self, request, client_address):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = LinkServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local(server, settings):
    """The local server reachable (private hosts are refused by default), no pause between
    requests, and a fresh request log."""
    settings.LINK_CHECK_ALLOW_PRIVATE_HOSTS = True
    settings.LINK_CHECK_HOST_DELAY_MS = 0
    settings.SITE_URL = "https://symptoms.example.org"
    server.hits.clear()
    server.most_at_once = 0
    return server


def article_citing(title, urls, *, live=True):
    article = ArticleFactory(title=title, slug=title.lower())
    for number, url in enumerate(urls, start=1):
        ReferenceFactory(article=article, order=number, title=f"{title} source {number}", url=url)
    if live:
        publish(article)
    return article


@pytest.fixture
def cited(server):
    """A live article citing /ok and /moved; one citing the failures, live and with a new
    revision waiting for review (three revisions to check); a draft nobody submitted (not
    checked)."""
    live = article_citing("Cramps", [f"{server.url}/ok", f"{server.url}/moved"])
    waiting = article_citing("Tremor", [f"{server.url}{path}" for path in ["/gone", "/error", "/slow", "/no-head"]])
    waiting.lead = "A clearer lead."
    waiting.save()
    services.submit_for_review(article=waiting, by=editor_user("links-editor"), summary="Clearer lead")
    article_citing("Draft", [f"{server.url}/loop"], live=False)
    return {"live": live, "waiting": waiting}


def run(*args):
    out = io.StringIO()
    call_command("check_links", "--timeout", str(TIMEOUT), *args, stdout=out)
    return out.getvalue()


def results(server):
    return {link.url.removeprefix(server.url): link for link in LinkCheck.objects.all()}


def test_check_links_marks_broken_redirected_and_timed_out(local, cited):
    output = run()
    found = results(local)
    assert {path: link.status for path, link in found.items()} == {
        "/ok": LinkStatus.OK,
        "/moved": LinkStatus.REDIRECTED,
        "/gone": LinkStatus.BROKEN,
        "/error": LinkStatus.BROKEN,
        "/slow": LinkStatus.TIMEOUT,
        "/no-head": LinkStatus.OK,
    }
    assert found["/moved"].final_url == f"{local.url}/ok"
    assert found["/moved"].redirects == [{"url": f"{local.url}/moved", "status": 301}]
    assert (found["/gone"].http_status, found["/error"].http_status) == (404, 500)
    assert found["/slow"].error == "No answer within 0.5 seconds." and found["/slow"].http_status is None
    assert all(link.checked_at.date() == found["/ok"].checked_at.date() for link in found.values())
    assert found["/gone"].failures == 1 and found["/ok"].failures == 0
    # HEAD first; GET only where HEAD was refused or answered with an error HEAD may cause.
    methods = {(method, path) for method, path, _ in local.hits}
    assert ("GET", "/no-head") in methods and ("GET", "/ok") not in methods and ("GET", "/gone") not in methods
    assert local.paths() == sorted(PATHS)  # not the draft's /loop
    assert all("LinkChecker" in agent and "https://symptoms.example.org" in agent for _, _, agent in local.hits)
    assert local.most_at_once == 1  # one request at a time per host, whatever the workers
    assert "6 reference URLs in 3 live or waiting revisions." in output
    assert "Checked 6: 2 ok, 1 redirected, 2 broken, 1 timed out, 0 not fetched (refused)." in output
    assert "Skipped 0" in output


def test_a_second_run_the_same_day_checks_only_the_failures(local, cited):
    run()
    first = results(local)
    local.hits.clear()
    output = run()
    assert local.paths() == ["/error", "/gone", "/slow"]
    assert "Checked 3: 0 ok, 0 redirected, 2 broken, 1 timed out" in output
    assert "Skipped 3 that worked earlier today" in output
    again = results(local)
    assert again["/gone"].failures == 2 and again["/gone"].failing_since == first["/gone"].failing_since
    assert again["/ok"].checked_at == first["/ok"].checked_at

    local.hits.clear()
    assert "Checked 6" in run("--all")
    assert local.paths() == sorted(PATHS)

    LinkCheck.objects.update(checked_at=first["/ok"].checked_at - datetime.timedelta(days=1))
    local.hits.clear()
    run()
    assert local.paths() == sorted(PATHS)  # the next day, everything again


def test_private_hosts_are_refused_without_a_request_by_default(server, cited, settings):
    settings.LINK_CHECK_HOST_DELAY_MS = 0
    server.hits.clear()
    output = run()
    assert server.hits == []
    assert set(LinkCheck.objects.values_list("status", flat=True)) == {LinkStatus.REFUSED}
    assert "IP address" in LinkCheck.objects.get(url=f"{server.url}/ok").error
    assert "6 not fetched (refused)" in output


def test_nothing_is_recorded_when_no_server_answers_at_all(local, cited, monkeypatch):
    def no_dns(host, port):
        raise NotFetched(f"The host name {host} does not resolve.")

    monkeypatch.setattr(link_requests, "resolve", no_dns)
    err = io.StringIO()
    call_command("check_links", "--timeout", str(TIMEOUT), stdout=io.StringIO(), stderr=err)
    assert "the network here looks down, so nothing was recorded" in err.getvalue()
    assert not LinkCheck.objects.exists()


def test_a_public_name_that_resolves_to_a_private_address_is_refused():
    checker = Checker(timeout=TIMEOUT, allow_private=False, gate=HostGate(0), resolver=lambda host, port: ["10.0.0.7"])
    result = checker.check("https://intranet.symptoms-corp.com/admin")
    assert result.status == LinkStatus.REFUSED
    assert "private or local address (10.0.0.7)" in result.error


def test_unfetchable_addresses_are_reported_without_a_request():
    checker = Checker(timeout=TIMEOUT, allow_private=True, gate=HostGate(0), resolver=lambda host, port: [])
    for url in ["ftp://files.nih.gov/a.pdf", "https://user:secret@www.nih.gov/", "www.nih.gov/page"]:
        assert checker.check(url).status == LinkStatus.REFUSED


def test_a_redirect_loop_is_broken(local):
    checker = Checker(timeout=TIMEOUT, allow_private=True, gate=HostGate(0))
    result = checker.check(f"{local.url}/loop")
    assert result.status == LinkStatus.BROKEN and result.error == "More than 5 redirects."
    assert len(result.redirects) == 6


def test_requests_to_one_host_are_spaced_out():
    gate = HostGate(0.05)
    times = []
    for _ in range(3):
        with gate.turn("www.nih.gov"):
            times.append(time.monotonic())
    assert times[1] - times[0] >= 0.05 and times[2] - times[1] >= 0.05


def test_the_command_rejects_a_timeout_of_zero():
    with pytest.raises(CommandError):
        call_command("check_links", "--timeout", "0", stdout=io.StringIO())


def links_section(client):
    page = client.get(reverse("reviews:dashboard")).content.decode()
    return page.split('id="links-h"')[1].split('id="chart"')[0]


def test_the_dashboard_lists_broken_and_redirected_references_by_article(reviewer_client, local, cited):
    run()
    section = links_section(reviewer_client)
    cramps, tremor = section.index("Cramps"), section.index("Tremor")
    assert cramps < tremor  # by article title
    assert f'href="{reverse("reviews:article", args=[cited["live"].pk])}">Cramps</a>' in section
    assert f'href="{reverse("reviews:article", args=[cited["waiting"].pk])}">Tremor</a>' in section
    live_part, waiting_part = section[cramps:tremor], section[tremor:]
    assert "Cramps source 2" in live_part and f"{local.url}/moved" in live_part
    assert f'HTTP 301, now at <a href="{local.url}/ok"' in live_part and "revision 1 (live)" in live_part
    assert "Cramps source 1" not in live_part  # /ok works
    for text in ["Tremor source 1", "HTTP 404 Not Found", "HTTP 500 Internal Server Error", "No answer within 0.5"]:
        assert text in waiting_part
    assert "Tremor source 4" not in waiting_part and "/no-head" not in waiting_part  # worked with GET
    assert "revision 2 (waiting for review); revision 1 (live)" in waiting_part  # one row for both
    assert waiting_part.count("Tremor source 1") == 1
    page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    assert '<div class="display-6">4</div>reference links to fix' in page  # the card at the top


def test_the_dashboard_drops_references_of_replaced_revisions(reviewer_client, local, cited):
    run()
    cramps = cited["live"]
    cramps.references.get(order=2).delete()
    publish(cramps)  # the live revision no longer cites /moved
    assert f"{local.url}/moved" not in links_section(reviewer_client)
    run()
    assert not LinkCheck.objects.filter(url=f"{local.url}/moved").exists()  # no longer cited: forgotten
    assert LinkCitation.objects.filter(revision__article=cramps).count() == 1


def test_the_dashboard_query_count_does_not_grow_with_broken_links(reviewer_client, local, cited):
    run()
    reviewer_client.get(reverse("reviews:dashboard"))  # warm up: session, second factor
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(reverse("reviews:dashboard"))
    for n in range(4):
        article_citing(f"Ache {n}", [f"{local.url}/gone", f"{local.url}/moved"])
    run()
    reviewer_client.get(reverse("reviews:dashboard"))  # warm up again: new sign-offs refill the cached shared list
    with CaptureQueriesContext(connection) as many:
        page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    assert page.count("Ache") >= 4
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Article.objects.count() == 7


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("10.0.0.1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("2002:7f00:1::1", False),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 to 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 to 10.0.0.1
    ],
)
def test_addresses_that_wrap_a_private_ipv4_one_are_not_public(address, public):
    from reviews.operations.link_requests import is_public_address

    assert is_public_address(address) is public
