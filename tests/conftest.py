"""Shared personas: anonymous, editor, reviewer, second reviewer, admin."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def site_admin(db):
    return UserFactory(username="siteadmin", groups=["Site admins"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client
