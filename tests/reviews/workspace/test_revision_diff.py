"""The review page's diff, on a real revision through the services: it marks exactly
what changed, with no Markdown, and the rendered view opens at the first change."""

import re

import pytest
from django.urls import reverse

from articles.diff import compare
from articles.page_blocks import body_anchor, entry_anchor, reference_anchor
from tests.factories import four_changes


@pytest.mark.django_db
def test_a_revision_marks_exactly_the_word_the_gloss_the_moved_entry_and_the_reference(editor):
    live, proposed = four_changes(editor)
    result = compare(live.snapshot, proposed.snapshot)
    assert [(p.title, c.kind, c.status, c.words) for p in result.parts for c in p.changes] == [
        (
            "Section “Causes”",
            "paragraph",
            "changed",
            [
                ("same", "Muscles weaken without regular exercise, so see a physical therapist"),
                ("del", " soon"),
                ("ins", " today"),
                ("same", "."),
            ],
        ),
        ("List “Common causes” in “Causes”", "entry", "moved", [("same", "Low potassium (too little potassium)")]),
        (
            "List “Common causes” in “Causes”",
            "entry",
            "changed",
            [("same", "Sciatica (a"), ("del", " trapped"), ("ins", " pinched"), ("same", " nerve)")],
        ),
        (
            "References",
            "reference",
            "changed",
            [("same", "Leg"), ("del", " weakness"), ("ins", " cramps"), ("same", ". NHS. https://nhs.example/")],
        ),
    ]
    # In the new document: the first paragraph; entries 0 (moved first) and 1 of the list; reference 1.
    assert result.marks == {
        body_anchor("causes", 0): "Changed",
        entry_anchor("causes", 0, 0): "Moved",
        entry_anchor("causes", 0, 1): "Changed",
        reference_anchor(0): "Changed",
    }


@pytest.mark.django_db
def test_the_review_page_diff_has_no_markdown_and_jumps_the_rendered_view_to_the_change(editor, reviewer_client):
    _, proposed = four_changes(editor)
    page = reviewer_client.get(reverse("reviews:revision", args=[proposed.pk])).content.decode()
    diff_area = page.split('<div class="diff">')[1].split('<section aria-labelledby="render-h"')[0]
    diff_area, every_value = diff_area.split('<section class="diff-part diff-values"')
    for area in (diff_area, every_value):
        text = re.sub(r"<[^>]+>", "", area)
        for syntax in ("**", "](", "__", "`", "<b>", "&lt;"):
            assert syntax not in text, syntax
    assert every_value.count('class="diff-change ') == 4  # the word, the gloss, the order, the reference
    assert not re.search(r"(^|\n)\s*(#{1,6}|[-*+]|\d+\.)\s", text)  # no heading or list markers
    assert re.findall(r"<del>([^<]*)</del>", diff_area) == ["soon", "trapped", "weakness"]
    assert re.findall(r"<ins>([^<]*)</ins>", diff_area) == ["today", "pinched", "cramps"]
    assert diff_area.count('class="diff-change ') == 4
    assert "Revision 2 as readers would see it once approved (not live yet)" in page
    preview = reverse("public:revision_preview", args=[proposed.pk])
    assert f'src="{preview}#first-change"' in page
    assert f'href="{preview}#first-change" target="_blank" rel="noopener">Open the rendered page in a new tab' in page


@pytest.mark.django_db
def test_the_review_page_says_the_live_revision_is_the_live_one(editor, reviewer_client):
    live, _ = four_changes(editor)
    page = reviewer_client.get(reverse("reviews:revision", args=[live.pk])).content.decode()
    assert "The live revision, as readers see it now" in page
    assert "#first-change" not in page  # nothing to jump to
