"""symptomsite/postgres: a kept connection is checked (SELECT 1) only after it has been idle,
not before every request (it was half of a cached article's database work)."""

import pytest
from django.db import close_old_connections, connection, connections

from symptomsite.postgres import base

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checks(monkeypatch, settings):
    """Count the health checks, with connections kept between requests as in production."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    made = []
    real = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: made.append(1) or real())
    return made


def request_with_a_query():
    close_old_connections()  # what request_started does
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
    close_old_connections()  # what request_finished does


def test_the_settings_pick_this_backend():
    assert isinstance(connections["default"], base.DatabaseWrapper)


def test_a_connection_that_just_answered_is_not_checked_again(checks, monkeypatch):
    request_with_a_query()  # first use of the kept connection: checked
    first = len(checks)
    for _ in range(5):
        request_with_a_query()
    assert len(checks) == first  # each ended a request without errors a moment ago

    monkeypatch.setattr(base, "RECENT_SECONDS", 0.0)  # as if idle: checked again
    request_with_a_query()
    assert len(checks) == first + 1


def test_a_connection_that_failed_a_query_is_checked_as_django_checks_it(checks):
    request_with_a_query()
    before = len(checks)
    close_old_connections()
    with pytest.raises(Exception), connection.cursor() as cursor:  # noqa: B017, PT011 - any database error
        cursor.execute("SELECT * FROM no_such_table")
    close_old_connections()  # the request ends after an error: checked, then trusted again
    assert len(checks) == before + 1
    request_with_a_query()
    assert len(checks) == before + 1 and connection.connection is not None
