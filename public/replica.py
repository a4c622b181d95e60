"""Readers' queries on a streaming replica of the primary (DATABASE_REPLICA_URL), and
everything else on the primary.

- A reader's GET or HEAD of a public page or the API reads from the replica; staff pages
  (admin, workspace, account, previews), every write, the worker and management commands
  use the primary (the router's default).
- Read your own writes: a request that may have written (any POST, PUT, PATCH, DELETE)
  answers with a signed cookie holding the primary's WAL position after it. A later
  request carrying it reads from the primary until the replica has replayed past that
  position, or for REPLICA_PIN_SECONDS at most.
- The replica down or refusing: the request that found out is served again from the
  primary (a GET can be), and this process leaves the replica alone for a few seconds.
- A purge of the edge waits until the replica has replayed the change (``wait_for_row``:
  the job's own row, written in the change's transaction, is there), or the edge would
  fetch the old page from it again.
"""

import contextvars
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
COOKIE = "primary_lsn"
STAFF = ("/admin/", "/_nested_admin/", "/review/", "/account/", "/preview/")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
RESTING = 5.0  # seconds a process leaves a replica alone after it failed
SALT = "public.replica.pin"

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reading_replica", default=False)
_down_until = 0.0


class ReplicaRouter:
    """Reads go to the replica while a reader's request says so; all else to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _reading_replica.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return None

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA


def configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_resting() -> bool:
    return time.monotonic() < _down_until


def _rest(error: Exception) -> None:
    global _down_until  # noqa: PLW0603 - per process, as a connection is
    _down_until = time.monotonic() + RESTING
    logger.warning("The replica failed (%s); reading from the primary for %s s.", error, RESTING)
    connections[REPLICA].close()


def primary_position() -> str | None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        row = cursor.fetchone()
    return row[0] if row else None


def replayed(position: str) -> bool:
    """Whether the replica has replayed the primary's WAL up to ``position``."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)", [position])
        row = cursor.fetchone()
    return bool(row and row[0])


def wait_for_row(model: Any, pk: Any, timeout: float) -> bool:
    """Wait until the replica has the row ``pk`` of ``model``, written in the same
    transaction as a change: then it has replayed the change. False if it has not within
    ``timeout`` seconds. True at once without a replica, and when it refuses fresh
    connections (stopped: it serves no reader then, they read the primary)."""
    if not configured():
        return True
    deadline = time.monotonic() + timeout
    refused = 0
    while True:
        try:
            if model.objects.using(REPLICA).filter(pk=pk).exists():
                return True
            refused = 0
        except DatabaseError as error:
            connections[REPLICA].close()  # a connection from before a restart fails once
            refused += 1
            if refused >= 3:
                _rest(error)
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def fall_back(error: Exception) -> None:
    """The replica failed outside a view (a middleware's read): the rest of this request,
    and this process for a few seconds, read the primary."""
    _rest(error)
    _reading_replica.set(False)


def _pinned(request: HttpRequest) -> bool:
    """Whether the request's session wrote something the replica has not replayed yet."""
    cookie = request.COOKIES.get(COOKIE)
    if not cookie:
        return False
    try:
        position = signing.loads(cookie, salt=SALT, max_age=settings.REPLICA_PIN_SECONDS)
    except signing.BadSignature:  # forged, or older than the bound: the replica serves it
        return False
    return not replayed(str(position))


def reads_from_replica(request: HttpRequest) -> bool:
    return (
        configured()
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(STAFF)
        and not replica_resting()
        and not _pinned(request)
    )


class ReplicaReadsMiddleware:
    """Routes a request's reads (see the module's doc) and pins a writer to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        try:
            replica = reads_from_replica(request)
        except DatabaseError as error:
            _rest(error)
            replica = False
        if not replica:
            response = self.get_response(request)
            if request.method in UNSAFE and (position := primary_position()):
                response.set_cookie(
                    COOKIE,
                    signing.dumps(position, salt=SALT),
                    max_age=settings.REPLICA_PIN_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
        token = _reading_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            _reading_replica.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The replica failed under a reader's view: serve it again from the primary."""
        if not (_reading_replica.get() and isinstance(exception, OperationalError)):
            return None
        _rest(exception)
        match = request.resolver_match
        if match is None:
            return None
        _reading_replica.set(False)
        response = match.func(request, *match.args, **match.kwargs)
        return response if isinstance(response, HttpResponse) else None
