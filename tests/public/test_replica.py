"""Which database a request reads from when there is a replica (public/replica.py). The
replica itself is a real PostgreSQL standby in `make cluster-test` (tests/cluster/), which
checks the same rules against replay held 2 s behind; here its answers are set by hand."""

import time

import pytest
from django.core import signing
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch

from public import replica


@pytest.fixture
def with_replica(monkeypatch):
    """A replica that has replayed what ``state["replayed"]`` says; the primary at 0/5."""
    state = {"replayed": True, "reads": []}
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "replayed", lambda position: state["replayed"])
    monkeypatch.setattr(replica, "primary_position", lambda: "0/5")
    monkeypatch.setattr(replica, "_down_until", 0.0)
    return state


def served(request, state) -> HttpResponse:
    def view(request):
        state["reads"].append(replica.ReplicaRouter().db_for_read(None) or "default")
        return HttpResponse("ok")

    return replica.ReplicaReadsMiddleware(view)(request)


def pin(position: str = "0/5") -> str:
    return signing.dumps(position, salt=replica.SALT)


class TestWhereReadsGo:
    def test_readers_read_the_replica_and_staff_the_primary(self, with_replica):
        factory = RequestFactory()
        for path in ("/symptoms/x/", "/api/v1/articles", "/"):
            served(factory.get(path), with_replica)
        for path in ("/admin/", "/review/", "/account/login/", "/preview/1/"):
            served(factory.get(path), with_replica)
        served(factory.post("/symptoms/x/report/"), with_replica)
        assert with_replica["reads"] == ["replica"] * 3 + ["default"] * 5

    def test_a_write_pins_the_session_to_the_primary_until_the_replica_has_it(self, with_replica):
        factory = RequestFactory()
        response = served(factory.post("/review/articles/1/withdraw/"), with_replica)
        cookie = response.cookies[replica.COOKIE]
        assert signing.loads(cookie.value, salt=replica.SALT) == "0/5" and cookie["httponly"]
        with_replica["replayed"] = False
        served(factory.get("/symptoms/x/", headers={"Cookie": f"{replica.COOKIE}={cookie.value}"}), with_replica)
        with_replica["replayed"] = True
        served(factory.get("/symptoms/x/", headers={"Cookie": f"{replica.COOKIE}={cookie.value}"}), with_replica)
        assert with_replica["reads"][-2:] == ["default", "replica"]

    def test_a_forged_or_old_pin_is_ignored(self, with_replica, settings, monkeypatch):
        with_replica["replayed"] = False
        factory = RequestFactory()
        forged = signing.dumps("0/5", salt="another.salt")
        served(factory.get("/", headers={"Cookie": f"{replica.COOKIE}={forged}"}), with_replica)
        old = pin()
        later = time.time() + settings.REPLICA_PIN_SECONDS + 1
        monkeypatch.setattr(signing.time, "time", lambda: later)
        served(factory.get("/", headers={"Cookie": f"{replica.COOKIE}={old}"}), with_replica)
        assert with_replica["reads"] == ["replica", "replica"]


class TestTheReplicaFailing:
    def test_a_readers_request_is_served_again_from_the_primary(self, with_replica, monkeypatch):
        monkeypatch.setattr(replica, "_rest", lambda error: setattr(replica, "_down_until", time.monotonic() + 5))
        reads = []

        def view(request):
            reads.append(replica.ReplicaRouter().db_for_read(None) or "default")
            if reads[-1] == "replica":
                raise OperationalError("the replica went away")
            return HttpResponse("from the primary")

        request = RequestFactory().get("/symptoms/x/")
        request.resolver_match = ResolverMatch(view, (), {})
        middleware = replica.ReplicaReadsMiddleware(lambda request: HttpResponse())
        token = replica._reading_replica.set(True)
        try:
            response = middleware.process_exception(request, OperationalError("the replica went away"))
        finally:
            replica._reading_replica.reset(token)
        assert response is not None and response.content == b"from the primary" and reads == ["default"]
        # The process leaves the replica alone for a while: the next reader reads the primary.
        served(RequestFactory().get("/"), with_replica)
        assert with_replica["reads"] == ["default"]

    def test_without_a_replica_nothing_changes(self):
        response = replica.ReplicaReadsMiddleware(lambda request: HttpResponse())(RequestFactory().post("/review/"))
        assert replica.COOKIE not in response.cookies
