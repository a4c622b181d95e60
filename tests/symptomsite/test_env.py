"""Settings come from the environment; a value that does not parse stops start-up with
the variable's name (symptomsite/env.py)."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from symptomsite.env import env_bool, env_cache, env_db, env_email, env_int, env_list


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("yes", True), ("On", True), ("0", False), ("off", False)])
def test_booleans_read_the_usual_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is value


def test_a_mistyped_boolean_stops_with_its_name(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG")


def test_unset_values_take_their_default(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    monkeypatch.delenv("COUNT", raising=False)
    assert env_bool("FLAG", True) is True and env_int("COUNT", 7) == 7


@pytest.mark.parametrize(("raw", "message"), [("12x", "a whole number"), ("-1", "at least 0")])
def test_a_malformed_integer_stops_with_its_name(monkeypatch, raw, message):
    monkeypatch.setenv("REVIEW_GRACE_DAYS", raw)
    with pytest.raises(ImproperlyConfigured, match=f"REVIEW_GRACE_DAYS must be {message}"):
        env_int("REVIEW_GRACE_DAYS", 30)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example, b.example ,,")
    assert env_list("ALLOWED_HOSTS") == ["a.example", "b.example"]


def test_urls_are_parsed_by_django_environ(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
    assert env_cache("CACHE_URL", "locmemcache://")["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://user:secret@mail.example:587")
    email = env_email("EMAIL_URL", "consolemail://")
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"], email["EMAIL_USE_TLS"]) == ("mail.example", 587, True)
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/site")
    assert env_db("DATABASE_URL", "sqlite://")["ENGINE"] == "django.db.backends.postgresql"


def test_an_unknown_url_scheme_names_the_variable_but_not_the_password(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtq://user:hunter2@mail.example")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL is not a URL") as error:
        env_email("EMAIL_URL", "consolemail://")
    assert "hunter2" not in str(error.value)


def test_the_site_refuses_to_start_with_a_malformed_setting():
    env = {"DEBUG": "maybe", "DJANGO_SETTINGS_MODULE": "symptomsite.settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "DEBUG must be one of" in result.stderr
