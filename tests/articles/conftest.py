"""Fixtures of the article editor's tests."""

import pytest
from django.test import Client

from tests.factories import editor_user
from tests.helpers import login


@pytest.fixture
def two_editors(db):
    """Ann Lee and Ben Cole, each logged in in a browser of their own."""
    first, second = Client(), Client()
    for client, username, first_name, last_name in ((first, "ann", "Ann", "Lee"), (second, "ben", "Ben", "Cole")):
        user = editor_user(username)
        user.first_name, user.last_name = first_name, last_name
        user.save()
        login(client, user)
    return first, second
