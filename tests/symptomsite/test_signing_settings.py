"""SIGNING_KEY, SIGNING_KEY_FILE and SIGNING_OLD_PUBLIC_KEYS (symptomsite/env.py): every
form a key may take, and a malformed one stops start-up with the variable's name."""

import base64
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from symptomsite.env import DEVELOPMENT_SIGNING_KEY, env_public_keys, env_signing_key

RAW = bytes(range(32))


def read(monkeypatch, **env):
    for name in ("SIGNING_KEY", "SIGNING_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env_signing_key("SIGNING_KEY", file_name="SIGNING_KEY_FILE")


def pem():
    key = Ed25519PrivateKey.from_private_bytes(RAW)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_unset_means_no_key(monkeypatch):
    assert read(monkeypatch) == ""


def test_base64_pem_and_a_file_give_the_same_key(monkeypatch, tmp_path):
    expected = base64.b64encode(RAW).decode()
    assert read(monkeypatch, SIGNING_KEY=expected) == expected
    assert read(monkeypatch, SIGNING_KEY=pem()) == expected
    path = tmp_path / "key.pem"
    path.write_text(pem())
    assert read(monkeypatch, SIGNING_KEY_FILE=str(path)) == expected


@pytest.mark.parametrize("value", ["not-base64!", base64.b64encode(b"short").decode(), "-----BEGIN PRIVATE KEY-----"])
def test_a_malformed_key_stops_start_up_with_its_name(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="^SIGNING_KEY must be an Ed25519 private key") as error:
        read(monkeypatch, SIGNING_KEY=value)
    assert value not in str(error.value)  # a secret is never repeated


def test_a_missing_key_file_is_named(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="^SIGNING_KEY_FILE: cannot read"):
        read(monkeypatch, SIGNING_KEY_FILE=str(tmp_path / "nowhere.pem"))


def test_old_public_keys_are_checked(monkeypatch):
    good = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
    monkeypatch.setenv("SIGNING_OLD_PUBLIC_KEYS", f"{good}, ")
    assert env_public_keys("SIGNING_OLD_PUBLIC_KEYS") == [good]
    monkeypatch.setenv("SIGNING_OLD_PUBLIC_KEYS", f"{good},nonsense")
    with pytest.raises(ImproperlyConfigured, match="SIGNING_OLD_PUBLIC_KEYS .* 'nonsense' is not one"):
        env_public_keys("SIGNING_OLD_PUBLIC_KEYS")


def test_a_pem_of_another_kind_of_key_is_refused(monkeypatch):
    """A PEM that is not the plain Ed25519 form is left to cryptography, which reads it."""
    other = Ed448PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ImproperlyConfigured, match="^SIGNING_KEY must be an Ed25519 private key"):
        read(monkeypatch, SIGNING_KEY=other.decode())


def test_an_old_public_key_of_the_wrong_length_is_refused(monkeypatch):
    short = base64.b64encode(bytes(31)).decode()
    monkeypatch.setenv("SIGNING_OLD_PUBLIC_KEYS", short)
    with pytest.raises(ImproperlyConfigured, match="SIGNING_OLD_PUBLIC_KEYS .* is not one"):
        env_public_keys("SIGNING_OLD_PUBLIC_KEYS")


def run_check(**env):
    base = {"DJANGO_SETTINGS_MODULE": "symptomsite.settings", "PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check"], env={**base, **env}, capture_output=True, text=True, check=False
    )


def test_the_development_key_is_a_published_key_for_debug_only(monkeypatch):
    assert read(monkeypatch, SIGNING_KEY="development") == DEVELOPMENT_SIGNING_KEY
    assert run_check(DEBUG="1", SIGNING_KEY="development").returncode == 0
    for value in ("development", DEVELOPMENT_SIGNING_KEY):  # by name or by value, never with DEBUG off
        refused = run_check(DEBUG="0", SIGNING_KEY=value, ALLOWED_HOSTS="example.org")
        assert refused.returncode != 0 and "published development key" in refused.stderr
