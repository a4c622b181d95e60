"""Signing at sign-off (reviews/provenance/signing.py, reviews/readmodel/publishing.py): what is signed, with
which key, what happens with no key, re-signing after a rotation, and the audit."""

import base64
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.document import canonical_json
from reviews.models import Publication, PublicationClock, Revision
from reviews.operations.verification import verify_records
from reviews.provenance import signing
from reviews.readmodel import publishing
from reviews.workflow import services
from tests.factories import full_article, publish
from tests.helpers import sql_update

pytestmark = pytest.mark.django_db


def test_approval_signs_exactly_the_bytes_whose_sha256_is_the_content_hash(signing_key, live_publication):
    snapshot = Revision.objects.get(pk=live_publication.revision_id).snapshot
    signed = canonical_json(snapshot)
    assert hashlib.sha256(signed).hexdigest() == live_publication.content_hash
    public_key = signing_key.public_key()
    public_key.verify(base64.b64decode(live_publication.signature), signed)  # raises if not
    assert live_publication.signing_key_id == signing.key_id(signing.raw_public_key(signing_key))
    assert live_publication.signing_key_id.startswith("ed25519:") and len(live_publication.signing_key_id) == 24


def test_without_a_key_sign_off_works_unsigned_and_the_reviewer_is_told(client, editor, reviewer):
    from tests.helpers import login

    article = full_article(slug="unsigned", live=False)
    revision = services.submit_for_review(article=article, by=editor, summary="first")
    login(client, reviewer)
    response = client.post(reverse("reviews:decide", args=[revision.pk]), {"decision": "approve"}, follow=True)
    assert "is now live" in response.content.decode()
    assert "serve it unsigned" in response.content.decode()
    publication = Publication.objects.get(article=article)
    assert publication.signature == "" and publication.signing_key_id == ""


def test_no_note_when_the_site_signs(signing_key):
    assert signing.unsigned_note() == ""


def test_signing_live_articles_signs_live_articles_the_current_key_has_not_signed(
    live_publication, site_admin, settings, editor, reviewer
):
    gone = full_article(slug="gone", live=False)
    publish(gone, editor=editor, reviewer=reviewer)
    services.withdraw(article=gone, by=site_admin, reason="check")
    settings.SIGNING_KEY = signing.new_private_key()[1]
    clock = PublicationClock.objects.get().version
    call_command("sign_live_articles")
    live_publication.refresh_from_db()
    assert live_publication.signing_key_id == signing.current_key_id()
    assert signing.verify(
        canonical_json(Revision.objects.get(pk=live_publication.revision_id).snapshot),
        live_publication.signature,
        signing.keyring()[live_publication.signing_key_id],
    )
    assert Publication.objects.get(slug="gone").signature == ""  # withdrawn: nothing to vouch for
    assert PublicationClock.objects.get().version == clock + 1  # cached pages show the new signature
    assert publishing.sign_live_articles().signed == []  # all done: a second run signs nothing


def test_signing_live_articles_never_signs_a_tampered_snapshot(signing_key, live_publication, editor, reviewer, capsys):
    other = full_article(slug="other", live=False)
    publish(other, editor=editor, reviewer=reviewer)
    snapshot = Revision.objects.get(pk=live_publication.revision_id).snapshot
    snapshot["lead"] = "TAMPERED"
    sql_update(Revision.objects.filter(pk=live_publication.revision_id), snapshot=snapshot)
    for publication in Publication.objects.all():  # as if they went live before there was a key
        publication.signature = publication.signing_key_id = ""
        publication.sealed().save()
    with pytest.raises(CommandError, match="1 article"):
        call_command("sign_live_articles")
    assert "Not signed: cramps" in capsys.readouterr().err
    assert Publication.objects.get(slug="cramps").signature == ""
    assert Publication.objects.get(slug="other").signature


def test_signing_live_articles_needs_a_key(live_publication):
    with pytest.raises(CommandError, match="SIGNING_KEY"):
        call_command("sign_live_articles")


def test_the_audit_finds_a_forged_or_orphaned_signature(signing_key, live_publication, settings):
    assert verify_records() == []
    forged = signing.new_private_key()[0].sign(
        canonical_json(Revision.objects.get(pk=live_publication.revision_id).snapshot)
    )
    Publication.objects.update(signature=base64.b64encode(forged).decode())
    assert verify_records() == [
        f"publication of article {live_publication.pk}: its seal does not match",  # the seal covers the signature
        f"publication of article {live_publication.pk}: its signature does not verify",
    ]
    settings.SIGNING_KEY = signing.new_private_key()[1]  # rotated without keeping the old key published
    problems = verify_records()
    assert any("which the site no longer publishes" in problem for problem in problems)
    # The statements and checkpoints that key signed are then unverifiable too.
    assert "review log: leaf #0: no signature on it verifies with the site's published keys" in problems
    assert "review log: the checkpoint at size 1 is not signed by a published key" in problems


def test_create_signing_key_prints_a_key_the_settings_accept(capsys, monkeypatch):
    from symptomsite.env import env_signing_key

    call_command("create_signing_key")
    out = capsys.readouterr().out
    line = out.splitlines()[0]
    assert line.startswith("SIGNING_KEY=")
    monkeypatch.setenv("SIGNING_KEY", line.removeprefix("SIGNING_KEY="))
    key = env_signing_key("SIGNING_KEY", file_name="SIGNING_KEY_FILE")
    assert signing.key_id(signing.raw_public_key(signing._private_key(key))) in out
    assert "SIGNING_OLD_PUBLIC_KEYS" not in out  # nothing to replace


def test_create_signing_key_writes_a_private_pem_and_says_how_to_keep_the_old_key(signing_key, tmp_path, capsys):
    path = tmp_path / "signing.pem"
    call_command("create_signing_key", "--pem", str(path))
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    out = capsys.readouterr().out
    old = base64.b64encode(signing.raw_public_key(signing_key)).decode()
    assert f"SIGNING_KEY_FILE={path}" in out and f"SIGNING_OLD_PUBLIC_KEYS={old}" in out
    with pytest.raises(CommandError, match="exists"):
        call_command("create_signing_key", "--pem", str(path))


def test_the_article_page_is_rendered_again_after_signing_them_again(client, live_publication, settings):
    assert "it is not signed" in client.get("/symptoms/cramps/").content.decode()
    settings.SIGNING_KEY = signing.new_private_key()[1]
    call_command("sign_live_articles")
    assert signing.current_key_id() in client.get("/symptoms/cramps/").content.decode()
