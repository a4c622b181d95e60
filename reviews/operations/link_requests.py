"""Requests for the reference link checker (links.py): one URL checked as a careful
client would, and never a way into our own network.

Polite: one request at a time per host with a pause between them (HostGate), HEAD first
and GET only where HEAD is refused, a User-Agent that names the site, and a timeout on
every request. Redirects are followed by hand (at most MAX_REDIRECTS) so each hop is
recorded.

Never a way into our own network (SSRF): the offline checks of articles/checks.py come
first, and every hop's host is resolved once and refused if any of its addresses is not
public, unless allowed; the connection then goes to the address that was checked, so
DNS cannot answer differently the second time.
"""

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from articles.reference_urls import PRIVATE, UNFETCHABLE, reference_url_issues

from .models import FAILED, LinkStatus

MAX_REDIRECTS = 5
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
