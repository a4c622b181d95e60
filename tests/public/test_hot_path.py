"""The cached article page's hot path (docs/performance.md): one small row read, the
rendering from this process's copy, each coding compressed once per body. Copies are keyed
by what the page is made of, so they are never stale; these tests hold them to it."""

import datetime
import logging

import brotli
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from public import cache as page_cache
from public import publication_rows
from public.lru import BoundedLRU
from public.publication_rows import VALIDATOR_FIELDS
from reviews.models import Publication
from reviews.readmodel import clock
from reviews.workflow import services
from symptomsite import compression
from tests.factories import full_article, publish

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]

BIG_COLUMNS = ("history", "signature", "seal", "snapshot", "search")


def test_the_memo_keeps_the_most_recently_used_within_its_bytes():
    memo = BoundedLRU(max_bytes=10)
    memo.put("a", "A", 4)
    memo.put("b", "B", 4)
    assert memo.get("a") == "A"  # now the most recently used
    memo.put("c", "C", 4)  # 12 bytes: the least recently used ("b") goes
    assert memo.get("b") is None and memo.get("a") == "A" and memo.get("c") == "C"
    assert memo.size == 8 and len(memo) == 2
    memo.put("a", "A2", 6)  # replacing counts the new size only
    assert memo.get("a") == "A2" and memo.size == 10
    memo.put("huge", "X", 11)  # larger than the whole bound: not kept, nothing evicted
    assert memo.get("huge") is None and len(memo) == 2


def test_each_body_is_compressed_once_per_coding(monkeypatch):
    calls = []
    real = brotli.compress

    def counting(content, **kwargs):
        calls.append(content)
        return real(content, **kwargs)

    monkeypatch.setattr(compression.brotli, "compress", counting)
    body = b"<p>" + b"A page of text. " * 100 + b"</p>"
    first = compression.compress(body, "br")
    assert compression.compress(body, "br") == first and brotli.decompress(first) == body
    assert len(calls) == 1
    assert compression.compress(body + b" ", "br") != first  # another body, compressed on its own
    assert len(calls) == 2
    assert compression.compress(body, "gzip") != first  # another coding


def test_a_cached_article_reads_nothing_from_the_database_until_the_generation_moves(client, reviewer):
    publish(full_article(slug="cramps", live=False), reviewer=reviewer)
    first = client.get("/symptoms/cramps/", headers={"accept-encoding": "br"})
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/symptoms/cramps/", headers={"accept-encoding": "br"})
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert len(queries) == 0

    clock.announce()  # what every sign-off and withdrawal does
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/symptoms/cramps/").status_code == 200
    assert len(queries) == 1


def test_with_the_shared_cache_down_a_cached_article_reads_one_small_row(client, reviewer, monkeypatch):
    publish(full_article(slug="cramps", live=False), reviewer=reviewer)
    first = client.get("/symptoms/cramps/", headers={"accept-encoding": "br"})

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "get", down)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/symptoms/cramps/", headers={"accept-encoding": "br"})
    assert again.status_code == 200 and again.content == first.content  # this process's copy of the rendering
    assert len(queries) == 1
    sql = queries[0]["sql"].lower()
    assert "reviews_publication" in sql and not any(column in sql for column in BIG_COLUMNS)


def test_a_reading_from_before_a_commit_is_not_used_after_it(reviewer):
    """The race the generation closes: a process reads the row just before a withdrawal
    commits and keeps it; the announcement after the commit makes it read again."""
    article = full_article(slug="cramps", live=False)
    publish(article, reviewer=reviewer)
    before = publication_rows.article_row("cramps")
    assert before is not None and not before.withdrawn
    Publication.objects.filter(slug="cramps").update(withdrawn_at=timezone.now())  # committed, not yet announced
    assert publication_rows.article_row("cramps") is before  # kept: nothing said it moved
    clock._move_after_commit()
    assert publication_rows.article_row("cramps").withdrawn


def test_a_withdrawal_through_the_workflow_moves_the_generation_before_and_after_its_commit(
    site_admin, reviewer, django_capture_on_commit_callbacks
):
    article = full_article(slug="cramps", live=False)
    publish(article, reviewer=reviewer)
    assert publication_rows.article_row("cramps") is not None
    start = clock.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.withdraw(article=article, by=site_admin, reason="Out of date")
    inside = clock.generation()
    assert inside != start  # readers during the transaction do not keep what they read
    for callback in callbacks:
        callback()
    assert clock.generation() not in (start, inside)
    assert publication_rows.article_row("cramps").withdrawn


def test_an_emptied_cache_never_brings_back_an_old_generation(reviewer):
    publish(full_article(slug="cramps", live=False), reviewer=reviewer)
    publication_rows.article_row("cramps")
    old = clock.generation()
    assert old is not None
    cache.clear()  # Redis restarted: a counter starting again could reach ``old``
    assert clock.generation() is None  # read the database; a new number is set
    new = clock.generation()
    assert new is not None and new != old


def test_a_per_process_cache_behind_several_processes_is_never_trusted(settings, reviewer):
    settings.WEB_CONCURRENCY = 4  # refused by check --deploy, and still correct
    publish(full_article(slug="cramps", live=False), reviewer=reviewer)
    assert clock.generation() is None
    publication_rows.article_row("cramps")
    Publication.objects.filter(slug="cramps").update(withdrawn_at=timezone.now())
    assert publication_rows.article_row("cramps").withdrawn  # read from the database every time


def test_a_failed_announcement_after_a_commit_is_logged_and_kept_readings_expire(reviewer, monkeypatch, caplog):
    publish(full_article(slug="cramps", live=False), reviewer=reviewer)
    publication_rows.article_row("cramps")
    Publication.objects.filter(slug="cramps").update(withdrawn_at=timezone.now())

    def down(*args, **kwargs):
        raise ConnectionError("the cache is down")

    with monkeypatch.context() as patched, caplog.at_level(logging.ERROR, logger="reviews.readmodel.clock"):
        patched.setattr(cache, "incr", down)
        clock._move_after_commit()
    assert "Could not announce a publication change" in caplog.text
    assert not publication_rows.article_row("cramps").withdrawn  # kept for at most HELD_SECONDS
    monkeypatch.setattr(publication_rows, "HELD_SECONDS", 0.0)
    publication_rows.forget()
    publication_rows.article_row("cramps")
    assert publication_rows.article_row("cramps").withdrawn


def test_a_sign_off_changes_the_page_even_where_a_process_kept_the_old_one(client, editor, reviewer, site_admin):
    article = full_article(slug="cramps", live=False, lead="The first lead.")
    publish(article, editor=editor, reviewer=reviewer)
    assert "The first lead." in client.get("/symptoms/cramps/").content.decode()
    cache.clear()  # only this process's copy is left

    article.lead = "The second lead."
    article.save()
    publish(article, editor=editor, reviewer=reviewer, summary="New lead")
    page = client.get("/symptoms/cramps/").content.decode()
    assert "The second lead." in page and "The first lead." not in page

    services.withdraw(article=article, by=site_admin, reason="Out of date")
    assert client.get("/symptoms/cramps/").status_code == 410


def test_the_row_read_gives_the_fields_asked_as_the_orm_does(reviewer):
    publish(full_article(slug="cramps", live=False), reviewer=reviewer)
    head = Publication.objects.shown_by_slug("cramps", fields=VALIDATOR_FIELDS)
    whole = Publication.objects.with_clock().get(slug="cramps")
    for name in VALIDATOR_FIELDS:
        assert getattr(head, name) == getattr(whole, name)
    assert isinstance(head.last_reviewed, datetime.date) and head.clock == whole.clock
    assert head.clock_changed_at == whole.clock_changed_at and head.clock_changed_at.tzinfo is not None
    assert head.get_deferred_fields() >= {"history", "title", "signature"}
    assert Publication.objects.shown_by_slug("no-such-page", fields=VALIDATOR_FIELDS) is None


def test_a_process_copy_is_bounded_and_forgotten_with_forget_local():
    page_cache.set_immutable("article-page:x", b"<p>page</p>", timeout=60)
    cache.clear()
    assert page_cache.get_immutable("article-page:x") == b"<p>page</p>"
    page_cache.forget_local()
    assert page_cache.get_immutable("article-page:x") is None
