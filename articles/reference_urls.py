"""Reference addresses a reader or a link checker could not follow: what is wrong with
one, found offline (no request is made). The author checks (articles/checks.py) advise on
them; the link checker (reviews/operations/link_requests.py) refuses to fetch those that
leave nothing to fetch or point into a private network."""

import ipaddress
import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

# Hosts that only redirect elsewhere: a reader (and a reviewer) cannot see the source.
URL_SHORTENERS = frozenset(
    {"bit.ly", "buff.ly", "cutt.ly", "goo.gl", "is.gd", "ow.ly", "rebrand.ly", "shorturl.at", "t.co", "t.ly",
     "tiny.cc", "tinyurl.com", "lnkd.in", "shorturl.com"}
)  # fmt: skip
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".invalid", ".example", ".lan", ".home.arpa")
_EXAMPLE_HOSTS = frozenset({"localhost", "example.com", "example.org", "example.net"})
_NOT_IN_URLS = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_DOI_PATH = re.compile(r"10\.[0-9]{4,9}/\S+")


class UrlProblem(NamedTuple):
    """One thing wrong with a reference's address: a code the link checker acts on (see
    UNFETCHABLE) and the plain sentence editors read."""

    code: str
    message: str


# Problems that leave nothing to fetch, or nothing a server should fetch for a reader: the
# link checker reports a URL with any of them without a request. (Plain http://, short
# links and malformed DOIs are still fetched: where they lead is the useful answer.)
UNFETCHABLE = frozenset({"empty", "characters", "invalid", "not-full", "scheme", "no-host", "credentials"})
# Addresses inside our own network or nobody's: fetched only where a setting allows it.
PRIVATE = frozenset({"ip-address", "local-host"})


def is_web_address(url: str) -> bool:
    """Whether ``url`` is an http(s) address with a host, read as a browser reads an href
    (leading spaces and control characters dropped, tabs and newlines removed, any case):
    only these are shown as links, whatever wrote them (``javascript:`` and ``data:``
    addresses run or show what the reader did not ask for)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def reference_url_problems(url: str) -> list[str]:
    """What a link checker would report about ``url`` without fetching it: each problem as
    one plain sentence, or [] when none is found.

    Reported: an empty or unparsable address; spaces or characters not allowed in URLs; a
    scheme other than https (http, ftp, none at all); no host; a user name or password in
    it; an IP address, localhost, a private (.local, .internal...) or example host; a bad
    port; a link shortener (URL_SHORTENERS); a doi.org link whose DOI is not "10.<number>/
    <suffix>". Not reported (it needs the network): pages that are gone, redirects,
    certificate errors. The link checker (reviews/operations/links.py) reuses reference_url_issues for
    its offline part.
    """
    return [problem.message for problem in reference_url_issues(url)]


def reference_url_issues(url: str) -> list[UrlProblem]:
    """reference_url_problems() with a code for each problem."""
    url = url.strip()
    if not url:
        return [UrlProblem("empty", "There is no address.")]
    problems = []
    if _NOT_IN_URLS.search(url):
        problems.append(
            UrlProblem("characters", "It contains spaces or characters that cannot appear in a web address.")
        )
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number up to 65535
    except ValueError:
        return [*problems, UrlProblem("invalid", "It is not a valid web address.")]
    scheme = parts.scheme.lower()
    if scheme == "http":
        problems.append(
            UrlProblem("insecure", "It uses http://, not https://: use the https:// address if the site has one.")
        )
    elif not scheme or not parts.netloc:
        return [*problems, UrlProblem("not-full", "It is not a full web address: it should start with https://.")]
    elif scheme != "https":
        return [
            *problems,
            UrlProblem("scheme", f"It is a “{scheme}:” address, not a web page: use an https:// address."),
        ]
    if not host:
        return [*problems, UrlProblem("no-host", "It has no host name.")]
    if parts.username is not None or parts.password is not None:
        problems.append(UrlProblem("credentials", "It contains a user name or password: remove them."))
    try:
        ipaddress.ip_address(host.strip("[]"))
        problems.append(
            UrlProblem("ip-address", "It points to an IP address, not a site name: use the site's own address.")
        )
    except ValueError:
        if host in _EXAMPLE_HOSTS or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
            problems.append(UrlProblem("local-host", "It points to a local or example host that readers cannot reach."))
    if host.removeprefix("www.") in URL_SHORTENERS:
        problems.append(
            UrlProblem("shortener", "It is a short link that hides where it goes: use the full address of the source.")
        )
    if host in ("doi.org", "dx.doi.org") and not _DOI_PATH.fullmatch(unquote(parts.path).lstrip("/")):
        problems.append(UrlProblem("doi", "The DOI in it is malformed: a DOI starts with “10.”, a number, then “/”."))
    return problems
