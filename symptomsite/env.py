"""Strict reading of environment variables: a value that does not parse stops start-up
with the variable's name, instead of silently meaning something else (a typo in
``DEBUG=ture`` must not read as False). URL-shaped values are parsed by django-environ."""

import base64
import binascii
import hashlib
import os
import re
from collections.abc import Callable
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}
ED25519_KEY_BYTES = 32
# SIGNING_KEY=development: a published key, so that `make run` signs the demo and its
# signatures verify out of the box. Anyone can sign with it, so settings refuse it (by
# value too, however it is given) unless DEBUG is on.
DEVELOPMENT_SIGNING_KEY = base64.b64encode(
    hashlib.sha256(b"SymptomSite development signing key: public, never for a live site").digest()
).decode()

_environ = environ.Env()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; it is {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = 0) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; it is {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; it is {number}.")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def _url(name: str, default: str, parse: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    value = env_str(name, default)
    try:
        return parse(value)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        # The value is not repeated: it may hold a password.
        raise ImproperlyConfigured(f"{name} is not a URL this site understands: {error}") from None


def env_db(name: str, default: str) -> dict[str, Any]:
    return _url(name, default, _environ.db_url_config)


def env_cache(name: str, default: str) -> dict[str, Any]:
    return _url(name, default, _environ.cache_url_config)


def env_email(name: str, default: str) -> dict[str, Any]:
    return _url(name, default, _environ.email_url_config)


def _key_error(name: str, what: str) -> ImproperlyConfigured:
    # The value is not repeated: it is a secret.
    return ImproperlyConfigured(f"{name} must be {what} (`manage.py create_signing_key` makes one).")


# An Ed25519 private key in PKCS#8 (RFC 8410) with nothing else in it, as `manage.py
# create_signing_key --pem` and `openssl genpkey -algorithm ed25519` write it: these bytes,
# then the key's 32.
_PKCS8_ED25519 = bytes.fromhex("302e020100300506032b657004220420")
_PEM = re.compile(r"-----BEGIN PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PRIVATE KEY-----\s*")


def _pem_private_bytes(value: str) -> bytes:
    """The 32 bytes of a PEM Ed25519 private key. The common form is read here, so that
    reading settings does not load cryptography (~8 MB in every server process, which
    signs nothing: sign-offs and the API import it when they need it); anything else is
    left to cryptography."""
    if (match := _PEM.fullmatch(value)) is not None:
        try:
            der = base64.b64decode("".join(match.group(1).split()), validate=True)
        except binascii.Error:
            der = b""
        if len(der) == len(_PKCS8_ED25519) + ED25519_KEY_BYTES and der.startswith(_PKCS8_ED25519):
            return der[len(_PKCS8_ED25519) :]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(value.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not Ed25519")
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def env_signing_key(name: str, *, file_name: str) -> str:
    """An Ed25519 private key from ``name`` (its 32 bytes in base64, or a PKCS#8 PEM) or
    from the file named by ``file_name``, as the base64 of its 32 bytes; "" if neither is set.
    Any 32 bytes are an Ed25519 private key, so checking the length is the whole check."""
    value, source = env_str(name), name
    if not value and (path := env_str(file_name)):
        try:
            with open(path, encoding="ascii") as file:
                value, source = file.read().strip(), file_name
        except (OSError, UnicodeDecodeError) as error:
            raise ImproperlyConfigured(f"{file_name}: cannot read {path}: {error}") from None
    if not value:
        return ""
    if value == "development":
        return DEVELOPMENT_SIGNING_KEY
    try:
        if value.startswith("-----BEGIN"):
            raw = _pem_private_bytes(value)
        else:
            raw = base64.b64decode(value, validate=True)
    except (ValueError, TypeError, binascii.Error):
        raise _key_error(source, "an Ed25519 private key: 32 bytes in base64, or a PEM") from None
    if len(raw) != ED25519_KEY_BYTES:
        raise _key_error(source, "an Ed25519 private key: 32 bytes in base64, or a PEM")
    return base64.b64encode(raw).decode()


def env_public_keys(name: str) -> list[str]:
    """Comma-separated Ed25519 public keys, each its 32 bytes in base64 (as for the
    private key, the length is all cryptography would check)."""
    keys = env_list(name)
    for value in keys:
        try:
            valid = len(base64.b64decode(value, validate=True)) == ED25519_KEY_BYTES
        except (ValueError, binascii.Error):
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated Ed25519 public keys, 32 bytes each in base64; {value!r} is not one."
            )
    return keys
