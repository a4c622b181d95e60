"""Backups that keep their proofs (reviews/operations/backup.py): after export, a fresh database and
import, the audit chain verifies and every public page is byte-identical."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.document import load_documents
from articles.history import acting_as
from articles.models import Article
from reviews.accounts.audit import audit_paused
from reviews.models import Publication, ReviewEvent
from reviews.workflow import services
from tests.factories import UserFactory
from tests.helpers import public_pages

pytestmark = [pytest.mark.dialect, pytest.mark.slow]


def empty_the_database():
    """What a fresh, migrated database holds: no content, no accounts, the roles."""
    with audit_paused():
        call_command("flush", interactive=False, verbosity=0)
        from tests.conftest import rerun_role_migrations

        rerun_role_migrations()


def demo_backup(tmp_path):
    """The demo, loaded and exported: the backup file's path."""
    call_command("load_demo", verbosity=0)
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    return backup


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_export_then_import_into_a_fresh_database_keeps_every_proof_and_page(client, tmp_path, capsys):
    call_command("load_demo", verbosity=0)
    admin = UserFactory(username="backup-admin", is_superuser=True, is_staff=True)
    with acting_as(admin):
        services.withdraw(article=Publication.objects.get(slug="back-pain").article, by=admin, reason="check")
    slugs = list(Publication.objects.values_list("slug", flat=True))
    before = public_pages(client, slugs)
    working_copies = load_documents(Article.objects.values_list("pk", flat=True))
    events = ReviewEvent.objects.count()
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    assert any("." in str(row["fields"].get("created_at", "")) for row in json.loads(backup.read_text()))

    empty_the_database()
    assert not Publication.objects.exists()
    call_command("import_content", str(backup))

    assert ReviewEvent.objects.count() == events
    call_command("verify_audit_log")
    assert public_pages(client, slugs) == before
    # What editors were working on comes back too: care advice and its warning signs with the rest.
    assert load_documents(Article.objects.values_list("pk", flat=True)) == working_copies
    assert all(document["care"]["emergency"] for document in working_copies.values())
    capsys.readouterr()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_import_refuses_a_database_that_has_content(tmp_path):
    backup = demo_backup(tmp_path)
    with pytest.raises(CommandError, match="restore into an empty one"):
        call_command("import_content", str(backup))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_a_backup_altered_on_the_way_is_refused_and_nothing_is_kept(tmp_path):
    backup = demo_backup(tmp_path)
    rows = json.loads(backup.read_text())
    for row in rows:
        if row["model"] == "reviews.signoff":
            row["fields"]["reviewer_name"] = "Dr Nobody"
    backup.write_text(json.dumps(rows))
    empty_the_database()
    with pytest.raises(CommandError, match="does not verify"):
        call_command("import_content", str(backup))
    assert not Publication.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_a_backup_holds_no_password_or_second_factor_unless_asked_and_still_restores(tmp_path, reviewer, capsys):
    """F9: backups held TOTP seeds and password hashes in plain JSON."""
    device = TOTPDevice.objects.create(user=reviewer, name="default", confirmed=True)
    recovery = StaticDevice.objects.create(user=reviewer, name="backup")
    recovery.token_set.create(token="a1b2c3d4")
    stored_hash = get_user_model().objects.get(pk=reviewer.pk).password
    plain, full = tmp_path / "plain.json", tmp_path / "full.json"
    call_command("export_content", str(plain))
    assert "without passwords or second factors" in capsys.readouterr().out
    call_command("export_content", str(full), "--include-secrets")
    assert "WITH password hashes" in capsys.readouterr().out
    for secret in (stored_hash, device.key, "a1b2c3d4"):
        assert secret not in plain.read_text() and secret in full.read_text()

    empty_the_database()
    call_command("import_content", str(plain))
    assert "have no password" in capsys.readouterr().out
    restored = get_user_model().objects.get(username="reviewer")
    assert not restored.has_usable_password() and not TOTPDevice.objects.exists()
    call_command("verify_audit_log")
