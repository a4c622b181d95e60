"""Staff previews: a working copy or a revision rendered as the public page."""

import re

import pytest
from django.urls import reverse

from articles.models import CareAdvice, EntryGroup, Section
from reviews.workflow import services
from tests.factories import UserFactory, four_changes, full_article, give_sign, publish
from tests.helpers import edit, login
from tests.html_checker import vnu_problems

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
    assert "A proposed lead." in page
    assert f"Revision {proposed.number} as readers would see it once approved (not live yet)." in page
    live_page = client.get(reverse("public:revision_preview", args=[live.pk])).content.decode()
    assert "The live revision, as readers see it now." in live_page and "A proposed lead." not in live_page
    assert "diff-changed" not in live_page and "first-change" not in live_page  # nothing to compare it with
    assert client.get(url)["X-Frame-Options"] == "SAMEORIGIN"  # framed in the review page


def marked(page):
    """[(tag, label, text)] of the blocks marked as changed, in page order."""
    found = re.findall(r'<(\w+)(?: id="[^"]*")? class="[^"]*diff-changed[^"]*">(.*?)</\1>', page, re.S)
    return [
        (
            tag,
            re.search(r'<span class="diff-mark"[^>]*>([^<]*)</span>', inner).group(1),
            " ".join(re.sub(r"<[^>]+>", "", inner).split()),
        )
        for tag, inner in found
    ]


def test_the_preview_marks_exactly_the_blocks_that_differ_from_the_live_revision(editor, reviewer_client):
    _, proposed = four_changes(editor)
    page = reviewer_client.get(reverse("public:revision_preview", args=[proposed.pk])).content.decode()
    assert marked(page) == [
        (
            "p",
            "Changed",
            "Changed Muscles weaken without regular exercise, so see a physical therapist today.",
        ),
        ("li", "Moved", "Moved Low potassium (too little potassium)"),
        ("li", "Changed", "Changed Sciatica (a pinched nerve)"),
        ("li", "Changed", "Changed Leg cramps. NHS. 2025. https://nhs.example/ Accessed October 1, 2026."),
    ]
    assert page.count('id="first-change"') == 1
    assert '<p class="diff-changed"><span class="diff-mark" id="first-change">Changed</span> Muscles' in page
    assert '<li id="ref-1" class="diff-changed">' in page  # the reference keeps its id for citations
    assert "Blocks that differ from the live revision are marked" in page
    public = reviewer_client.get("/symptoms/weak-legs/").content.decode()
    assert "diff-changed" not in public and "diff-mark" not in public and "today." not in public


def test_care_advice_and_untitled_lists_are_marked_where_readers_see_them(editor, reviewer_client):
    article = full_article(live=False)
    give_sign(article, 0, "emergency", "you cannot move one side")
    give_sign(article, 1, "urgent", "it came on in a day")
    publish(article)
    edit(CareAdvice.objects.get(order=1).sign, editor, text="it came on in a few hours")
    questions = Section.objects.get(article=article, heading="Questions for diagnosing the cause")
    edit(questions.groups.get().entries.get(), editor, text="When did it start?")  # an untitled list
    edit(EntryGroup.objects.get(section__article=article, heading="Cause group 1").entries.first(), editor, order=99)
    proposed = services.submit_for_review(article=article, by=editor, summary="Care")
    page = reviewer_client.get(reverse("public:revision_preview", args=[proposed.pk])).content.decode()
    assert [(tag, label) for tag, label, _ in marked(page)] == [
        ("li", "Changed"),  # the urgent statement, in "When to get help"
        ("li", "Moved"),  # the entry put last in cause group 1
        ("li", "Changed"),  # the untitled list's one entry
    ]
    assert "it came on in a few hours" in marked(page)[0][2] and "When did it start?" in marked(page)[2][2]
    assert 'id="first-change">Changed</span> it came on in a few hours' in page


def test_a_removed_block_marks_the_part_it_was_removed_from(editor, reviewer_client):
    article = full_article(live=False)
    publish(article)
    group = EntryGroup.objects.get(section__article=article, heading="Cause group 0")
    group.entries.last().delete()
    proposed = services.submit_for_review(article=article, by=editor, summary="Fewer causes")
    page = reviewer_client.get(reverse("public:revision_preview", args=[proposed.pk])).content.decode()
    assert [(tag, label, text) for tag, label, text in marked(page)] == [
        ("h3", "Something was removed here", "Something was removed here Cause group 0")
    ]


def test_an_old_revision_says_what_it_is(editor, reviewer_client):
    article = full_article(live=False)
    first = publish(article)
    edit(article, editor, lead="Second lead.")
    second = publish(article)
    edit(article, editor, lead="Third lead.")
    third = services.submit_for_review(article=article, by=editor, summary="x")
    page = reviewer_client.get(reverse("public:revision_preview", args=[first.pk])).content.decode()
    assert f"Revision {first.number}, approved and live until a newer revision replaced it" in page
    page = reviewer_client.get(reverse("public:revision_preview", args=[second.pk])).content.decode()
    assert "The live revision, as readers see it now." in page
    page = reviewer_client.get(reverse("public:revision_preview", args=[third.pk])).content.decode()
    assert f"Revision {third.number} as readers would see it once approved (not live yet)." in page


@pytest.mark.slow  # the HTML checker
def test_the_marked_preview_and_the_review_page_are_valid_html(editor, reviewer_client, tmp_path):
    _, proposed = four_changes(editor)
    files = {}
    for name in ("public:revision_preview", "reviews:revision"):
        path = tmp_path / f"{name.replace(':', '-')}.html"
        path.write_bytes(reviewer_client.get(reverse(name, args=[proposed.pk])).content)
        files[str(path)] = name
    assert vnu_problems(files) == []
