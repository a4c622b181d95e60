"""The Atom feed of reviews (public/feeds.py): one entry per review, with the time it was
signed off."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from reviews.workflow import services
from tests.factories import full_article

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
