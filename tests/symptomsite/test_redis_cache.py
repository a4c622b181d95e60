"""The shared cache in a real Redis (symptomsite/redis_cache.py): someone who can write to
Redis can make a server process miss, never run their code or serve their bytes."""

import datetime
import logging
import os
import pickle
import subprocess
import sys
import uuid

import pytest
import redis
from django.core.cache import cache

from public import cache as page_cache
from reviews.readmodel import shared_cache
from tests.factories import full_article

REDIS = "redis://127.0.0.1:6379/13"


@pytest.fixture
def signed_redis(settings):
    """The site's Redis cache, its keys under a prefix of their own (removed afterwards),
    and a raw client to write into Redis as an attacker with access to it would."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": "symptomsite.redis_cache.SignedRedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
    }
    raw = redis.Redis.from_url(REDIS)
    yield raw
    keys = list(raw.scan_iter(f"{prefix}:*"))
    if keys:
        raw.delete(*keys)


class RunsWhenUnpickled:
    """An object whose unpickling makes a directory: code run by whoever reads it."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def test_values_come_back_as_they_were_stored(signed_redis):
    values = {"page": b"<p>\x00bytes</p>", "text": "caf\u00e9", "rows": [{"pk": 1, "title": "Cramps"}], "flag": True}
    for key, value in values.items():
        cache.set(key, value)
    assert {key: cache.get(key) for key in values} == values
    cache.set_many({"a": b"one", "b": ["two"]})
    assert cache.get_many(["a", "b", "missing"]) == {"a": b"one", "b": ["two"]}
    assert cache.add("count", 0) and cache.incr("count") == 1 and cache.get("count") == 1
    assert not cache.add("page", b"other") and cache.get("page") == b"<p>\x00bytes</p>"


def test_a_value_that_is_not_bytes_or_json_is_refused_when_written(signed_redis):
    with pytest.raises(TypeError):
        cache.set("when", datetime.date(2026, 12, 6))


def test_a_pickle_written_into_redis_is_not_run(signed_redis, tmp_path, settings, caplog):
    key = cache.make_key("article-page:abc")
    signed_redis.set(key, pickle.dumps(RunsWhenUnpickled(tmp_path / "ran")))
    with caplog.at_level(logging.WARNING, logger="symptomsite.redis_cache"):
        assert cache.get("article-page:abc") is None
        assert cache.get_many(["article-page:abc"]) == {}
    assert not (tmp_path / "ran").exists()
    assert key in caplog.text
    # The control: Django's own Redis cache runs it.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache"}
    }
    cache.get("article-page:abc")
    assert (tmp_path / "ran").is_dir()


def test_an_entry_moved_from_another_key_is_ignored(signed_redis, caplog):
    cache.set("article-page:old", b"<p>the article before its correction</p>")
    signed_redis.set(cache.make_key("article-page:new"), signed_redis.get(cache.make_key("article-page:old")))
    with caplog.at_level(logging.WARNING, logger="symptomsite.redis_cache"):
        assert cache.get("article-page:new") is None
    assert cache.make_key("article-page:new") in caplog.text
    assert cache.get("article-page:old") == b"<p>the article before its correction</p>"


def test_an_integer_written_where_a_page_was_is_not_served(signed_redis):
    # Integers are stored bare (Redis counts them): callers take only the type they stored.
    shared_cache.set("api-article:abc", b'{"title": "Cramps"}', timeout=60)
    signed_redis.set(cache.make_key("api-article:abc"), b"12345")
    assert cache.get("api-article:abc") == 12345
    assert shared_cache.get("api-article:abc", bytes) is None


@pytest.mark.django_db
def test_an_edited_page_in_redis_is_not_served(client, signed_redis, caplog):
    full_article(slug="cramps", question="What causes cramps?")
    assert "What causes cramps?" in client.get("/symptoms/cramps/").content.decode()
    [key] = list(signed_redis.scan_iter(cache.make_key("article-page:*")))
    signed_redis.set(key, signed_redis.get(key).replace(b"What causes cramps?", b"Take ten times the dose"))
    page_cache.forget_local()  # as in another server process
    with caplog.at_level(logging.WARNING, logger="symptomsite.redis_cache"):
        page = client.get("/symptoms/cramps/").content.decode()
    assert "What causes cramps?" in page and "ten times" not in page
    assert key.decode() in caplog.text


def test_a_redis_url_configures_the_signed_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "symptomsite.settings", "REDIS_URL": REDIS}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "symptomsite.redis_cache.SignedRedisCache"
