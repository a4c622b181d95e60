"""withdraw: taking an article off the public site, and bringing it back."""

import pytest
from django.core.exceptions import PermissionDenied

from reviews.models import Action, ReviewEvent
from reviews.workflow import services
from tests.factories import full_article
from tests.helpers import edit

pytestmark = pytest.mark.django_db


def test_withdraw_gives_410_and_removes_from_listings(client, site_admin):
    article = full_article(slug="unsafe", question="What causes unsafe advice?")
    services.withdraw(article=article, by=site_admin, reason="Dosage error reported")
    response = client.get("/symptoms/unsafe/")
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "Dosage error" not in response.content.decode()  # internal reason stays internal
    assert "What causes unsafe advice?" not in client.get("/symptoms/").content.decode()
    assert "/symptoms/unsafe/" not in client.get("/sitemap-articles-1.xml").content.decode()
    assert ReviewEvent.objects.filter(action=Action.WITHDRAW, comment="Dosage error reported").exists()


def test_withdraw_needs_permission_and_a_reason(editor, reviewer, site_admin):
    article = full_article()
    with pytest.raises(PermissionDenied):
        services.withdraw(article=article, by=editor, reason="x")
    with pytest.raises(PermissionDenied):
        services.withdraw(article=article, by=reviewer, reason="x")
    with pytest.raises(services.ReviewError):
        services.withdraw(article=article, by=site_admin, reason=" ")


def test_a_new_approval_brings_a_withdrawn_article_back(client, editor, reviewer, site_admin):
    article = full_article(slug="back")
    services.withdraw(article=article, by=site_admin, reason="Check dose")
    edit(article, editor, lead="Corrected lead.")
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="fix"), reviewer=reviewer)
    response = client.get("/symptoms/back/")
    assert response.status_code == 200 and "Corrected lead." in response.content.decode()


def test_a_withdrawn_article_comes_back_by_approving_it_unchanged(client, editor, reviewer, site_admin):
    article = full_article(slug="back-unchanged")
    services.withdraw(article=article, by=site_admin, reason="Check the dose")
    revision = services.submit_for_review(article=article, by=editor, summary="Checked: no change needed")
    services.approve(revision=revision, reviewer=reviewer)
    assert client.get("/symptoms/back-unchanged/").status_code == 200
