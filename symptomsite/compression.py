"""Brotli or gzip for HTML, XML, JSON, CSS and plain text, whichever the client prefers.

Never for a response that carries a CSRF token or depends on who asks (``Vary: Cookie``:
the session or the CSRF cookie was read): compressing a secret next to text an attacker
can reflect leaks it byte by byte through the compressed length (BREACH). Public pages
carry neither, so they are always compressed; staff pages, the report form and the login
never are.

ETags stay strong: the views' ETag names the uncompressed page (public/http.py), and a
compressed page is a different representation, so its ETag gets the coding appended
(``"abc"`` → ``"abc-br"``), as Apache does. On the way in, tags with the suffix of the
coding this request would get are stripped again, so a view compares its own tag and can
answer 304 before rendering; tags of another coding are dropped and do not match. A 304
gets the suffix of the coding the 200 would have had. (Django's GZipMiddleware instead
weakens every ETag, which would make them useless for range requests and caches that need
strong ones.)

Compression output is deterministic (no random padding, gzip mtime 0): the same page
always compresses to the same bytes, as a strong ETag requires. Padding against BREACH
is not needed because no secret is ever compressed.
"""

import re
from collections.abc import Callable

import brotli
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.text import compress_string

from public.lru import BoundedLRU

COMPRESSIBLE = re.compile(
    r"^(text/(html|css|plain|xml|javascript)|application/(json|xml|javascript|[\w.+-]+\+(xml|json)))\b", re.I
)
MIN_LENGTH = 200  # smaller bodies can grow when compressed
BROTLI_QUALITY = 5  # the article: 6,160 B in 0.3 ms; 11 gives 5,435 B in 27 ms, every request
SUFFIX = {"br": "-br", "gzip": "-gzip"}
# Compressing is a pure function of the bytes: a cached page is the same bytes for every
# reader, so each process compresses it once per coding, not once per request (brotli was
# a third of a cached article's time). Keyed by the body itself, so never wrong; a cached
# page arrives as the same bytes object each time, whose hash Python keeps, and equal
# keys are compared by identity first, so a hit costs no pass over the body.
_compressed = BoundedLRU(max_bytes=4 * 1024 * 1024)


def compress(content: bytes, coding: str) -> bytes:
    """``content`` in ``coding`` ("br" or "gzip"), remembered for bodies seen before."""
    key = (coding, content)
    found = _compressed.get(key)
    if found is None:
        found = brotli.compress(content, quality=BROTLI_QUALITY) if coding == "br" else compress_string(content)
        _compressed.put(key, found, len(found) + len(content))
    return found


def negotiate(accept_encoding: str) -> str | None:
    """ "br", "gzip" or None (identity) for an Accept-Encoding header: the client's
    highest q-value wins, brotli when tied; q=0 refuses a coding."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        match = re.search(r"\bq=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        weights[name.strip().lower()] = quality
    star = weights.get("*", 0.0)
    offered = {coding: weights.get(coding, star) for coding in ("br", "gzip")}
    best = max(offered, key=lambda coding: (offered[coding], coding == "br"))
    return best if offered[best] > 0 else None


def _strip(header: str, coding: str | None) -> str:
    """``header`` (If-None-Match or If-Match) with the tags of ``coding``'s representation
    unsuffixed and the tags of any other coding dropped."""
    tags = parse_etags(header)
    if tags == ["*"]:
        return header
    kept = []
    for tag in tags:
        quoted = tag.removeprefix("W/")
        suffixed = [name for name, suffix in SUFFIX.items() if quoted.endswith(suffix + '"')]
        if not suffixed:
            if coding is None:
                kept.append(tag)
        elif suffixed[0] == coding:
            kept.append(tag[: -len(SUFFIX[coding]) - 1] + '"')
    return ", ".join(kept) or '"-"'  # a tag nothing has: the header still says "conditional"


def carries_secrets(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A CSRF token was put in the page, or it depends on the reader's cookies."""
    varies = {value.strip().lower() for value in response.get("Vary", "").split(",")}
    # get_token() (what {% csrf_token %} calls) and rotate_token() set this key; the CSRF
    # middleware turns it False once the cookie is set, but never removes it.
    return "CSRF_COOKIE_NEEDS_UPDATE" in request.META or "cookie" in varies or "*" in varies


class CompressionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        coding = negotiate(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH"):
            if name in request.META:
                request.META[name] = _strip(request.META[name], coding)
        response = self.get_response(request)
        if response.status_code == 304:
            # Only the views' own validators make 304s, and only for pages that are
            # compressed (HTML, XML): the 304 names what the 200 would have been.
            if "ETag" in response:
                if coding:
                    response["ETag"] = _suffixed(response["ETag"], coding)
                patch_vary_headers(response, ["Accept-Encoding"])
            return response
        if not COMPRESSIBLE.match(response.get("Content-Type", "")):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if (
            coding is None
            or response.streaming
            or response.has_header("Content-Encoding")
            or "no-transform" in response.get("Cache-Control", "")
            or carries_secrets(request, response)
        ):
            return response
        content: bytes = response.content  # type: ignore[attr-defined]  # not streaming
        if len(content) < MIN_LENGTH:
            return response
        compressed = compress(content, coding)
        if len(compressed) >= len(content):
            return response
        response.content = compressed  # type: ignore[attr-defined]
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = coding
        if "ETag" in response:
            response["ETag"] = _suffixed(response["ETag"], coding)
        return response


def _suffixed(etag: str, coding: str) -> str:
    if etag.startswith("W/") or not etag.endswith('"'):
        return etag  # a weak tag may stand for every coding
    return etag[:-1] + SUFFIX[coding] + '"'
