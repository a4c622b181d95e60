"""confirm_still_accurate: the annual review of unchanged text (invariant 5)."""

import datetime

import pytest
from django.utils import timezone

from reviews.models import Decision, Publication
from reviews.workflow import services
from tests.factories import ArticleFactory, full_article, publication
from tests.helpers import edit

pytestmark = pytest.mark.django_db


def test_confirm_still_accurate_moves_dates_not_text(client, editor, reviewer, second_reviewer):
    article = full_article(slug="annual", live=False)
    year_ago = timezone.now() - datetime.timedelta(days=370)
    revision = services.submit_for_review(article=article, by=editor, summary="x", now=year_ago)
    services.approve(revision=revision, reviewer=reviewer, now=year_ago)
    edit(article, editor, lead="Unreviewed edit that must not go live.")
    before = client.get("/symptoms/annual/").content.decode()
    assert Publication.objects.overdue(on=timezone.localdate()).filter(article=article).exists()

    signoff = services.confirm_still_accurate(article=article, reviewer=second_reviewer, comment="Checked")

    published = publication(article)
    assert signoff.decision == Decision.CONFIRMED and signoff.revision == revision
    assert published.revision == revision
    assert published.last_reviewed == timezone.localdate()
    assert not Publication.objects.overdue(on=timezone.localdate()).filter(article=article).exists()
    after = client.get("/symptoms/annual/").content.decode()
    assert "Unreviewed edit" not in after

    def body(html):  # the article text, without the byline (and head metadata) that hold dates
        return html.split('<article class="article"')[1].split('<section class="trust"')[0]

    assert body(before) == body(after)
    assert "Dr Sam Okafor, MD, FRCP" in after and "Review history" in after


def test_only_live_articles_can_be_confirmed(reviewer):
    with pytest.raises(services.ReviewError):
        services.confirm_still_accurate(article=ArticleFactory(), reviewer=reviewer)
