"""Staff previews: a working copy or a revision rendered as the public page."""

import pytest
from django.urls import reverse

from reviews import services
from tests.factories import UserFactory, full_article, publish
from tests.helpers import edit, login

pytestmark = pytest.mark.django_db


def test_preview_renders_a_draft_for_staff_only(client, editor):
    draft = full_article(live=False, question="What causes draft pain?")
    url = reverse("public:preview", args=[draft.pk])

    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(client, editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "What causes draft pain?" in response.content.decode()
    assert "Preview." in response.content.decode()
    assert client.get(f"/symptoms/{draft.slug}/").status_code == 404  # still not public


def test_staff_without_article_permission_cannot_preview(client):
    login(client, UserFactory(is_staff=True))
    draft = full_article(live=False)
    assert client.get(reverse("public:preview", args=[draft.pk])).status_code == 403


def test_the_article_admin_links_view_on_site_to_the_preview(editor_client):
    draft = full_article(live=False)
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert reverse("public:preview", args=[draft.pk]) in page


def test_revision_preview_is_for_the_workspace_and_says_which_revision(client, editor, reviewer):
    article = full_article(live=False)
    live = publish(article)
    edit(article, editor, lead="A proposed lead.")
    proposed = services.submit_for_review(article=article, by=editor, summary="x")
    url = reverse("public:revision_preview", args=[proposed.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(client, editor)
    assert client.get(url).status_code == 403
    login(client, reviewer)
    page = client.get(url).content.decode()
    assert "A proposed lead." in page and "once approved" in page
    live_page = client.get(reverse("public:revision_preview", args=[live.pk])).content.decode()
    assert "the live revision" in live_page and "A proposed lead." not in live_page
    assert client.get(url)["X-Frame-Options"] == "SAMEORIGIN"  # framed in the review page
