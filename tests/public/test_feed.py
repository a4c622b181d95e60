"""The Atom feed of reviews (public/feeds.py): one entry per review, with the time it was
signed off."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from reviews.models import SignOff
from reviews.workflow import services
from tests.factories import full_article
from tests.helpers import sql_update

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):
    feed = ET.fromstring(client.get("/feeds/reviewed/").content)  # noqa: S314 - our own feed
    return [(entry.find(f"{ATOM}id").text, entry.find(f"{ATOM}updated").text) for entry in feed.iter(f"{ATOM}entry")]


def test_a_new_review_is_a_new_entry_at_the_time_it_was_signed(client, settings, editor, reviewer, second_reviewer):
    settings.SITE_URL = "https://health.example.org"
    article = full_article(slug="annual", live=False)
    signed = timezone.now().replace(microsecond=0) - datetime.timedelta(days=370, hours=5, minutes=7)
    revision = services.submit_for_review(article=article, by=editor, summary="x", now=signed)
    services.approve(revision=revision, reviewer=reviewer, now=signed)
    [(first_id, first_time)] = entries(client)
    assert first_id == f"tag:health.example.org,{signed.date().isoformat()}:/symptoms/annual/revision-1/approved"
    assert datetime.datetime.fromisoformat(first_time) == signed  # the sign-off's time, not midnight

    services.confirm_still_accurate(article=article, reviewer=second_reviewer, comment="Checked")
    [(second_id, second_time)] = entries(client)
    assert second_id != first_id and re.fullmatch(
        r"tag:health\.example\.org,[-\d]+:/symptoms/annual/revision-1/confirmed", second_id
    )
    assert datetime.datetime.fromisoformat(second_time) > datetime.datetime.fromisoformat(first_time)


def test_a_sign_off_edited_in_the_database_does_not_set_the_feeds_time(client, editor, reviewer):
    """Someone with database access moves a sign-off's time: its seal no longer holds, so
    the feed takes the publication's sealed review date instead of the edited time."""
    article = full_article(slug="tampered", live=False)
    signed = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3, hours=2)
    revision = services.submit_for_review(article=article, by=editor, summary="x", now=signed)
    services.approve(revision=revision, reviewer=reviewer, now=signed)
    [(_, before)] = entries(client)
    assert datetime.datetime.fromisoformat(before) == signed

    forged = signed - datetime.timedelta(days=200)
    sql_update(SignOff.objects.filter(revision=revision), signed_at=forged)
    cache.clear()
    [(entry_id, after)] = entries(client)
    assert datetime.datetime.fromisoformat(after) != forged
    assert datetime.datetime.fromisoformat(after) == datetime.datetime.combine(
        signed.date(), datetime.time(), tzinfo=datetime.UTC
    )
    assert "/revision-sha256-" in entry_id  # nor its number: the id names the sealed content hash
