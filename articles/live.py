"""The public read model: LivePage and LiveMention rows, rebuilt from a signed-off
document whenever the review workflow publishes or withdraws an article."""

import time

from django.core.cache import cache
from django.db import transaction

from . import search
from .document import entries
from .models import Condition, LiveMention, LivePage


def publish_live_page(*, article, document, history):
    """Make ``document`` (the live revision's snapshot) what listings and bylines show.

    The article's review dates must already be set; ``history`` is the public review
    history, newest first, whose first item is the sign-off that set them."""
    latest = history[0]
    mentioned = list(entries(document, "condition"))
    conditions = Condition.objects.in_bulk([entry["id"] for _, _, entry in mentioned])
    page, _ = LivePage.objects.update_or_create(
        article=article,
        defaults={
            "slug": document["slug"],
            "title": document["title"],
            "question": document["question"],
            "lead": document["lead"],
            "last_reviewed": article.last_reviewed,
            "next_review_due": article.next_review_due,
            "reviewer_name": latest["reviewer"],
            "reviewer_credentials": latest["credentials"],
            "reviewer_slug": latest["slug"],
            "history": history,
            "category_names": {c["slug"]: c["name"] for c in document["categories"]},
            "withdrawn": False,
            "withdrawn_reason": "",
            **search.index_fields(document, {pk: c.synonym_list for pk, c in conditions.items()}),
        },
    )
    search.update_vector(page)
    page.mentions.all().delete()
    LiveMention.objects.bulk_create(
        LiveMention(
            page=page,
            condition_id=entry["id"] if entry["id"] in conditions else None,
            condition_slug=entry["slug"],
            name=entry["name"],
            gloss=entry["gloss"],
            section_heading=section["heading"],
            group_heading=group["heading"],
            urgency=group["urgency"],
            position=position,
        )
        for position, (section, group, entry) in enumerate(mentioned)
    )
    search.refresh_vocabulary()
    transaction.on_commit(_bump_live_version)
    return page


def withdraw_live_page(*, article, reason):
    LivePage.objects.filter(article=article).update(withdrawn=True, withdrawn_reason=reason)
    search.refresh_vocabulary()
    transaction.on_commit(_bump_live_version)


LIVE_VERSION_KEY = "live-version"


def live_version():
    """A number that changes whenever any article goes live or is withdrawn (so cached
    pages re-check which of their links are live). It starts from the clock, so a
    counter the cache evicted never comes back as an old value. Needs a shared cache
    (Redis) when several processes serve pages."""
    return cache.get_or_set(LIVE_VERSION_KEY, time.time_ns, timeout=None)


def _bump_live_version():
    try:
        cache.incr(LIVE_VERSION_KEY)
    except ValueError:  # evicted: any fresh clock value is newer than all before
        cache.set(LIVE_VERSION_KEY, time.time_ns(), timeout=None)
