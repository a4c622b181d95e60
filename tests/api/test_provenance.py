"""Provenance anyone can check: an article downloaded through the API verifies offline
against the site's published public key, and stops verifying when one character changes."""

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command

from articles.document import canonical_json
from reviews.provenance import signing
from reviews.workflow import services
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "verify_article.py"


def download(client, tmp_path, slug="muscle-weakness"):
    """The article and the keys as a reader would save them: the bytes the server sent."""
    article, keys = tmp_path / "article.json", tmp_path / "keys.json"
    article.write_bytes(client.get(f"/api/v1/articles/{slug}").content)
    keys.write_bytes(client.get("/.well-known/symptomsite-keys.json").content)
    return article, keys


def one_character_changed(path):
    """The downloaded article with one character of its document changed."""
    article = json.loads(path.read_text())
    lead = article["document"]["lead"]
    article["document"]["lead"] = lead[:-1] + ("!" if lead[-1] != "!" else "?")
    changed = path.with_name("changed.json")
    changed.write_text(json.dumps(article))
    return changed


def test_a_downloaded_article_verifies_with_the_published_key_and_not_once_changed(client, live, tmp_path):
    _, article = get_json(client, "/api/v1/articles/muscle-weakness")
    _, keys = get_json(client, "/.well-known/symptomsite-keys.json")
    signature = article["signature"]
    published = {key["key_id"]: key for key in keys["keys"]}
    public_key = Ed25519PublicKey.from_public_bytes(base64.b64decode(published[signature["key_id"]]["public_key"]))
    signed = canonical_json(article["document"])
    public_key.verify(base64.b64decode(signature["value"]), signed)  # raises if it does not verify

    article["document"]["lead"] = article["document"]["lead"].replace("A", "a", 1)
    with pytest.raises(InvalidSignature):
        public_key.verify(base64.b64decode(signature["value"]), canonical_json(article["document"]))


def test_the_example_script_verifies_a_download_offline(client, live, tmp_path):
    article, keys = download(client, tmp_path)
    run = [sys.executable, str(EXAMPLE)]
    verified = subprocess.run([*run, str(article), str(keys)], capture_output=True, text=True, check=False)  # noqa: S603
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("Verified: Muscle weakness")
    changed = one_character_changed(article)
    refused = subprocess.run([*run, str(changed), str(keys)], capture_output=True, text=True, check=False)  # noqa: S603
    assert refused.returncode == 1 and "NOT verified" in refused.stderr


def test_the_verify_command_checks_a_download(client, live, tmp_path, capsys):
    article, keys = download(client, tmp_path)
    call_command("verify_article", str(article), "--keys", str(keys))
    assert "Verified: “Muscle weakness” revision 1" in capsys.readouterr().out
    call_command("verify_article", str(article))  # the site's own keys
    with pytest.raises(CommandError, match="does not hash to its content hash"):
        call_command("verify_article", str(one_character_changed(article)), "--keys", str(keys))


def test_an_unsigned_article_says_so_and_does_not_verify(client, editor, reviewer, tmp_path, settings):
    from tests.factories import full_article, publish

    publish(full_article(slug="unsigned", live=False), editor=editor, reviewer=reviewer)
    _, article = get_json(client, "/api/v1/articles/unsigned")
    assert article["signature"] is None
    with pytest.raises(CommandError, match="not signed"):
        call_command("verify_article", str(download(client, tmp_path, "unsigned")[0]))


def test_after_a_key_rotation_old_downloads_still_verify_and_signing_again_moves_to_the_new_key(
    client, live, tmp_path, settings
):
    old_article, _ = download(client, tmp_path)
    old_public = signing.public_keys()[0]
    settings.SIGNING_KEY = signing.new_private_key()[1]
    settings.SIGNING_OLD_PUBLIC_KEYS = [old_public.base64]
    _, keys = get_json(client, "/api/v1/keys")
    assert [(k["key_id"], k["status"]) for k in keys["keys"]][1] == (old_public.key_id, "retired")
    call_command("verify_article", str(old_article))  # still verifiable: the old key stays published

    call_command("sign_live_articles")
    _, article = get_json(client, "/api/v1/articles/muscle-weakness")
    assert article["signature"]["key_id"] == signing.current_key_id() != old_public.key_id
    assert signing.check_article(article, signing.keyring()) == []


def test_a_confirmation_signs_with_the_current_key(client, live, second_reviewer, settings):
    settings.SIGNING_KEY = signing.new_private_key()[1]
    services.confirm_still_accurate(article=live.article, reviewer=second_reviewer)
    _, article = get_json(client, "/api/v1/articles/muscle-weakness")
    assert article["signature"]["key_id"] == signing.current_key_id()
    assert signing.check_article(article, signing.keyring()) == []
