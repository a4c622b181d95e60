"""The reference link checker behind ``manage.py check_links``: visits the reference URLs
of live and waiting revisions and records what each answered (models/links.py).

Safe to run daily from cron. A URL that worked (or redirected to a working page) earlier
the same day is not fetched again, so a second run re-checks only the failures. Polite:
at most ``workers`` requests at once, one at a time per host with a pause between them,
HEAD first and GET only where HEAD is refused, a User-Agent that names the site, and a
timeout on every request. Redirects are followed by hand (at most MAX_REDIRECTS) so each
hop is recorded.

Never a way into our own network (SSRF): the offline checks of articles/checks.py come
first, and every hop's host is resolved once and refused if any of its addresses is not
public, unless LINK_CHECK_ALLOW_PRIVATE_HOSTS; the connection then goes to the address
that was checked, so DNS cannot answer differently the second time.
"""

import datetime
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.checks import PRIVATE, UNFETCHABLE, reference_url_issues

from .models import LinkCheck, LinkCitation, LinkStatus, Revision
from .models.links import FAILED, checked_revisions

MAX_REDIRECTS = 5
# When this many URLs or more were requested and not one server answered, the network at
# our end is down (DNS, firewall): nothing is recorded, so references are not all marked
# broken for it.
OFFLINE_AFTER = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Answers to HEAD that GET would give too; any other 4xx or 5xx may be a server that
# mishandles HEAD (405, 403, 501, even 500), so GET is asked as well.
HEAD_BELIEVED = frozenset({404, 410, 429})

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class Result:
    """What one URL answered, as LinkCheck stores it."""

    url: str
    status: LinkStatus
    http_status: int | None = None
    final_url: str = ""
    redirects: tuple[dict[str, Any], ...] = ()
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status in FAILED


class NotFetched(Exception):
    """A hop the checker will not or cannot request; the message says why."""

    def __init__(self, message: str, status: LinkStatus = LinkStatus.BROKEN) -> None:
        super().__init__(message)
        self.status = status


def user_agent() -> str:
    product = re.sub(r"[^A-Za-z0-9.-]", "", settings.SITE_NAME) or "SymptomSite"
    return f"{product}-LinkChecker/1.0 (+{settings.SITE_URL}; checks the references of reviewed articles)"


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, for a TCP connection on ``port``."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise NotFetched(f"The host name {host} does not resolve ({error}).") from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


class HostGate:
    """One request at a time per host, at least ``delay`` seconds apart."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._last.get(host, -self.delay) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = time.monotonic()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address resolved (and vetted) beforehand, whatever DNS says now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float, tls: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=tls)
        self.address, self.tls = address, tls

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)  # the certificate must name the host


def _request_target(url: str) -> str:
    """The path and query of ``url`` as a request line needs them: ASCII, escapes kept."""
    parts = urlsplit(url)
    target = quote(parts.path or "/", safe="/%;:@&=+$,!~*'()[]")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%;:@&=+$,!~*'()[]?")
    return target


class Checker:
    """Checks URLs, one at a time per host (through ``gate``); thread-safe."""

    def __init__(
        self,
        *,
        timeout: float,
        allow_private: bool,
        gate: HostGate,
        resolver: Resolver | None = None,
    ) -> None:
        self.timeout, self.allow_private, self.gate = timeout, allow_private, gate
        self.resolver = resolver or resolve
        self.tls = ssl.create_default_context()
        self.headers = {"User-Agent": user_agent(), "Accept": "*/*", "Accept-Encoding": "identity"}

    def check(self, url: str) -> Result:
        """Offline checks first (articles/checks.py): a URL with a problem that leaves
        nothing to fetch, or a private host, is reported without a request."""
        blocking = [
            problem.message
            for problem in reference_url_issues(url)
            if problem.code in UNFETCHABLE or (problem.code in PRIVATE and not self.allow_private)
        ]
        if blocking:
            return Result(url, LinkStatus.REFUSED, error=" ".join(blocking))
        return self.fetch(url.strip())

    def fetch(self, url: str) -> Result:
        hops: list[dict[str, Any]] = []
        current, status = url, 0

        def where() -> tuple[str, tuple[dict[str, Any], ...]]:  # the final URL (after redirects) and the hops
            return (current if hops else ""), tuple(hops)

        try:
            for _ in range(MAX_REDIRECTS + 1):
                status, location = self._answer(current)
                if status not in REDIRECT_STATUSES or not location:
                    break
                hops.append({"url": current, "status": status})
                current = urljoin(current, location.strip())
            else:
                return Result(url, LinkStatus.BROKEN, status, *where(), f"More than {MAX_REDIRECTS} redirects.")
        except TimeoutError:
            return Result(url, LinkStatus.TIMEOUT, None, *where(), f"No answer within {self.timeout:g} seconds.")
        except NotFetched as refusal:
            return Result(url, refusal.status, None, *where(), str(refusal))
        except ssl.SSLCertVerificationError as error:
            message = f"The site's certificate is not valid: {error.verify_message}."
            return Result(url, LinkStatus.BROKEN, None, *where(), message)
        except (OSError, http.client.HTTPException, ValueError) as error:
            message = f"Could not get an answer: {error or type(error).__name__}."
            return Result(url, LinkStatus.BROKEN, None, *where(), message)
        if 200 <= status < 300:
            return Result(url, LinkStatus.REDIRECTED if hops else LinkStatus.OK, status, *where())
        if 300 <= status < 400:
            return Result(
                url, LinkStatus.BROKEN, status, *where(), f"HTTP {status}, a redirect that does not say where to."
            )
        return Result(url, LinkStatus.BROKEN, status, *where())

    def _answer(self, url: str) -> tuple[int, str | None]:
        """HEAD ``url``; GET it when the answer to HEAD may be the server's HEAD handling."""
        try:
            status, location = self._request(url, "HEAD")
        except (http.client.HTTPException, ConnectionResetError):
            return self._request(url, "GET")  # servers that drop a HEAD
        if status >= 400 and status not in HEAD_BELIEVED:
            return self._request(url, "GET")
        return status, location

    def _request(self, url: str, method: str) -> tuple[int, str | None]:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
        if scheme not in ("http", "https") or not host:
            raise NotFetched(f"It leads to {url}, which is not a web address.")
        port = parts.port or (443 if scheme == "https" else 80)
        address = self._vetted_address(host, port)
        connection: http.client.HTTPConnection
        if scheme == "https":
            connection = _PinnedHTTPSConnection(host, port, address=address, timeout=self.timeout, tls=self.tls)
        else:
            connection = _PinnedHTTPConnection(host, port, address=address, timeout=self.timeout)
        with self.gate.turn(host):
            try:
                connection.request(method, _request_target(url), headers=self.headers)
                response = connection.getresponse()  # the body is never read
                return response.status, response.getheader("Location")
            finally:
                connection.close()

    def _vetted_address(self, host: str, port: int) -> str:
        addresses = self.resolver(host, port)
        if not addresses:
            raise NotFetched(f"The host name {host} does not resolve.")
        if not self.allow_private:
            for address in addresses:
                if not is_public_address(address):
                    raise NotFetched(
                        f"{host} is a private or local address ({address}): it was not fetched.", LinkStatus.REFUSED
                    )
        return addresses[0]


# IPv6 ranges that carry an IPv4 address inside them (NAT64, the deprecated IPv4-compatible
# form): Python's is_global judges the IPv6 address, not the one it leads to.
EMBEDS_IPV4 = (
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
    ipaddress.ip_network("::/96"),
)


def is_public_address(address: str) -> bool:
    """Whether fetching ``address`` reaches the public internet, also when an IPv6 address
    wraps an IPv4 one (mapped ::ffff:a.b.c.d, 6to4 2002::/16, NAT64, IPv4-compatible)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and any(ip in network for network in EMBEDS_IPV4):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None and not inner.is_global:
            return False
    return True


@dataclass
class Summary:
    cited: int = 0  # distinct URLs in live and waiting revisions
    revisions: int = 0
    skipped: int = 0  # worked earlier today
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LinkStatus.values, 0))
    problems: list[Result] = field(default_factory=list)
    offline: bool = False  # nothing answered: not recorded (OFFLINE_AFTER)

    @property
    def checked(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        c = self.counts
        return [
            f"{self.cited} reference URLs in {self.revisions} live or waiting revisions.",
            f"Checked {self.checked}: {c['ok']} ok, {c['redirected']} redirected, {c['broken']} broken, "
            f"{c['timeout']} timed out, {c['refused']} not fetched (refused).",
            f"Skipped {self.skipped} that worked earlier today (--all checks them again).",
        ]

    def warning(self) -> str:
        if not self.offline:
            return ""
        return (
            f"No server answered any of {self.checked - self.counts['refused']} requests: the network here looks "
            "down, so nothing was recorded."
        )


Citation = tuple[int, int, str]  # revision id, reference number, title


def cited_urls() -> tuple[dict[str, list[Citation]], int]:
    """{url: where it is cited} over live and waiting revisions, and how many revisions."""
    cited: dict[str, list[Citation]] = defaultdict(list)
    rows = Revision.objects.filter(checked_revisions()).values_list("pk", "snapshot__references").order_by("pk")
    revisions = 0
    for pk, references in rows.iterator(chunk_size=500):
        revisions += 1
        for reference in references or []:
            url = str(reference.get("url") or "").strip()
            if url:
                cited[url[:500]].append((pk, int(reference["number"]), str(reference.get("title", ""))[:300]))
    return cited, revisions


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _check_all(urls: Iterable[str], checker: Checker, workers: int) -> list[Result]:
    """Each host's URLs in turn, up to ``workers`` hosts at once."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="check_links") as pool:
        batches = pool.map(lambda batch: [checker.check(url) for url in batch], by_host.values())
        return [result for batch in batches for result in batch]


def check_links(
    *,
    now: datetime.datetime | None = None,
    recheck_all: bool = False,
    timeout: float | None = None,
    workers: int | None = None,
    allow_private: bool | None = None,
    host_delay: float | None = None,
) -> Summary:
    """Check the reference URLs of live and waiting revisions and store what each answered
    (LinkCheck) and where it is cited (LinkCitation). URLs that worked earlier on the day
    of ``now`` are skipped unless ``recheck_all``. The network is used outside any
    transaction; the results are written in one at the end. Settings give the defaults."""
    now = now or timezone.now()
    cited, revisions = cited_urls()
    known = {link.url: link for link in LinkCheck.objects.all()}  # no longer cited ones too: they go
    start_of_day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))
    fine_today = {
        url
        for url in cited
        if not recheck_all
        and (link := known.get(url))
        and link.checked_at >= start_of_day
        and link.status in (LinkStatus.OK, LinkStatus.REDIRECTED)
    }
    checker = Checker(
        timeout=settings.LINK_CHECK_TIMEOUT if timeout is None else timeout,
        allow_private=settings.LINK_CHECK_ALLOW_PRIVATE_HOSTS if allow_private is None else allow_private,
        gate=HostGate(settings.LINK_CHECK_HOST_DELAY_MS / 1000 if host_delay is None else host_delay),
    )
    results = _check_all(
        [url for url in cited if url not in fine_today], checker, workers or settings.LINK_CHECK_WORKERS
    )
    summary = Summary(cited=len(cited), revisions=revisions, skipped=len(fine_today))
    for result in results:
        summary.counts[result.status] += 1
        if result.status != LinkStatus.OK:
            summary.problems.append(result)
    fetched = [result for result in results if result.status != LinkStatus.REFUSED]
    summary.offline = len(fetched) >= OFFLINE_AFTER and all(result.http_status is None for result in fetched)
    if not summary.offline:
        _store(results, cited, known, now=now)
    return summary


def _record(result: Result, before: LinkCheck | None, now: datetime.datetime) -> LinkCheck:
    streak = before if before is not None and before.failed and result.failed else None
    return LinkCheck(
        url=result.url,
        status=result.status,
        http_status=result.http_status,
        final_url=result.final_url[:2000],
        redirects=list(result.redirects),
        error=result.error,
        checked_at=now,
        failures=(streak.failures + 1 if streak else 1) if result.failed else 0,
        failing_since=(streak.failing_since or now if streak else now) if result.failed else None,
    )


@transaction.atomic
def _store(
    results: list[Result], cited: dict[str, list[Citation]], known: dict[str, LinkCheck], *, now: datetime.datetime
) -> None:
    fields = ["status", "http_status", "final_url", "redirects", "error", "checked_at", "failures", "failing_since"]
    LinkCheck.objects.bulk_create(
        [_record(result, known.get(result.url), now) for result in results],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["url"],
        update_fields=fields,
    )
    ids = dict(LinkCheck.objects.values_list("url", "pk"))
    gone = [pk for url, pk in ids.items() if url not in cited]
    for first in range(0, len(gone), 500):
        LinkCheck.objects.filter(pk__in=gone[first : first + 500]).delete()  # their citations go with them
    LinkCitation.objects.all().delete()
    LinkCitation.objects.bulk_create(
        [
            LinkCitation(link_id=ids[url], revision_id=revision, number=number, title=title)
            for url, places in cited.items()
            if url in ids
            for revision, number, title in places
        ],
        batch_size=500,
        ignore_conflicts=True,  # a run that overlaps this one wrote the same rows
    )
