"""reviews.0020 folds the reviewer profiles there are into their unique keys, and refuses,
naming both, two profiles that are one clinician written two ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviews.models import ReviewerProfile

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.unattributed]

BEFORE = [("reviews", "0019_report_events")]
AFTER = [("reviews", "0020_reviewer_keys")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture(autouse=True)
def latest_schema_afterwards():
    """The tests after this one need every migration, later ones than AFTER included."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.usefixtures("account_audit_paused")
def test_existing_profiles_get_their_keys_and_one_clinician_written_twice_is_refused():
    old = migrate(BEFORE)
    User, Profile = old.get_model("auth", "User"), old.get_model("reviews", "ReviewerProfile")
    rosa, twin = (User.objects.create(username=name) for name in ("rosa", "twin"))
    for user, name, number in ((rosa, "Dr Rosa Reyes", 1), (twin, "Dr Rosa  Reyes", 2)):
        Profile.objects.create(
            user=user, slug=user.username, display_name=name, credentials="MD", registration=f"GMC {number}"
        )
    with pytest.raises(RuntimeError, match="are the same once case, spaces and punctuation are set aside") as refused:
        migrate(AFTER)
    assert "“Dr Rosa Reyes”" in str(refused.value) and "“Dr Rosa  Reyes”" in str(refused.value)
    Profile.objects.filter(slug="twin").update(display_name="Dr Rosa Reyes-Twin")
    migrate(AFTER)
    assert sorted(ReviewerProfile.objects.values_list("name_key", "registration_key")) == [
        ("drrosareyes", "gmc1"),
        ("drrosareyestwin", "gmc2"),
    ]
