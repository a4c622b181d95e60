"""The shared cache in Redis, holding nothing that runs code when it is read.

Django's Redis backend pickles what it stores, and unpickling runs code: whoever can
write to Redis could run it in every server process. Here a value is stored as bytes (a
rendered page, an API body) or as JSON (lists and dicts of plain values), with an HMAC
(keyed from SECRET_KEY) over the key it was stored under and those bytes: an entry that
this site did not write, or that was moved from another key, is a miss, and a warning
names its key. Storing anything else (a model, a date) is a TypeError when it is written.

Integers are the exception: they are stored bare, as Django stores them, so that Redis's
INCR can count. Nothing reads an integer as a page: callers ask for the type they stored
(reviews/readmodel/shared_cache.py), and the only integers are counters (readers' reports
in a period) and the publication generation, which decides how soon a process reads the
database again (at most a few seconds later: public/publication_rows.py).
"""

import datetime
import hmac
import json
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

MAGIC = b"ss1:"
MAC_BYTES = 32  # HMAC-SHA256
BYTES, JSON = b"b", b"j"
_INTEGER = re.compile(rb"-?[0-9]+")

# The key and timeout types of Django's client, as django-stubs spells them.
Key: TypeAlias = "str | bytes | memoryview[int]"
Timeout: TypeAlias = "int | datetime.timedelta | None"


class Miss(Exception):
    """A stored value this site did not write under this key."""


def encode(key: Key, value: Any) -> bytes | int:
    """What is stored under ``key`` (the backend's full key) for ``value``."""
    if type(value) is int:  # not bool: True is stored as JSON
        return value
    if isinstance(value, bytes):
        body = BYTES + value
    else:
        body = JSON + json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
    return MAGIC + _mac(key, body) + body


def decode(key: Key, stored: bytes) -> Any:
    """The value stored under ``key``, or Miss when this site did not write it there."""
    if _INTEGER.fullmatch(stored):
        return int(stored)
    start = len(MAGIC) + MAC_BYTES
    if stored.startswith(MAGIC) and hmac.compare_digest(stored[len(MAGIC) : start], _mac(key, stored[start:])):
        kind, payload = stored[start : start + 1], stored[start + 1 :]
        if kind == BYTES:
            return payload
        if kind == JSON:
            return json.loads(payload)
    raise Miss(_text(key))


def _mac(key: Key, body: bytes) -> bytes:
    return salted_hmac("symptomsite.redis_cache", _text(key).encode() + b"\0" + body, algorithm="sha256").digest()


def _text(key: Key) -> str:
    """The backend's full key (Django's are str; bytes are read as UTF-8)."""
    return key if isinstance(key, str) else bytes(key).decode(errors="replace")


class SignedRedisCacheClient(RedisCacheClient):
    def add(self, key: Key, value: Any, timeout: Timeout) -> bool:
        return super().add(key, _Encoded(encode(key, value)), timeout)

    def set(self, key: Key, value: Any, timeout: Timeout) -> None:
        super().set(key, _Encoded(encode(key, value)), timeout)

    def set_many(self, data: "Mapping[Key, Any]", timeout: "int | datetime.timedelta") -> None:
        super().set_many({key: _Encoded(encode(key, value)) for key, value in data.items()}, timeout)

    def get(self, key: Key, default: Any) -> Any:
        stored = self.get_client(key).get(key)
        return default if stored is None else _read(key, stored, default)

    def get_many(self, keys: "Iterable[Key]") -> "dict[Key, Any]":
        keys = list(keys)
        stored = zip(keys, self.get_client(None).mget(keys), strict=True)
        found = {key: _read(key, value, _MISSING) for key, value in stored if value is not None}
        return {key: value for key, value in found.items() if value is not _MISSING}


_MISSING = object()


def _read(key: Key, stored: bytes | str, default: Any) -> Any:
    try:
        return decode(key, stored if isinstance(stored, bytes) else stored.encode())
    except Miss:
        logger.warning("Ignored the shared cache's entry %s: this site did not write it there.", _text(key))
        return default


class _Encoded:
    """A value already encoded: the serializer passes it through (Django's client calls
    the serializer without the key, which the HMAC covers)."""

    __slots__ = ("stored",)

    def __init__(self, stored: bytes | int):
        self.stored = stored


class _PassThrough:
    def dumps(self, value: _Encoded) -> bytes | int:
        return value.stored

    def loads(self, stored: bytes) -> Any:  # every read goes through _read, with its key
        raise AssertionError("SignedRedisCacheClient reads values itself")


class SignedRedisCache(RedisCache):
    """Django's Redis cache, storing values as SignedRedisCacheClient does."""

    def __init__(self, server: str, params: dict[str, Any]):
        super().__init__(server, params)
        self._class = SignedRedisCacheClient
        options: dict[str, Any] = {**params.get("OPTIONS", {}), "serializer": _PassThrough}
        self._options = options
