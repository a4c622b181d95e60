"""Edits counted honestly (issue 23): a save that changes nothing records nothing, a
move records the row that moved, a reader who cannot save is not announced as editing,
and "save my version anyway" writes only what this editor changed."""

import pytest
from django.contrib.messages import get_messages

from articles.admin import merge
from articles.admin.rows import new_orders
from articles.models import Article, ContentChange, EditSession, Entry
from tests.articles.test_editor import change_url, open_form, save, section_field
from tests.factories import full_article

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_a_reader_of_the_page_who_cannot_save_is_not_announced_as_editing(editor_client, reviewer_client):
    article = full_article()
    viewed = reviewer_client.get(change_url(article))
    assert viewed.status_code == 200 and 'name="_continue"' not in viewed.content.decode()  # read-only
    page = editor_client.get(change_url(article)).content.decode()
    assert "Someone else may be editing this article." not in page and "Rosa Reyes" not in page
    assert not EditSession.objects.filter(article=article, user__username="reviewer").exists()


def as_a_browser_posts(data):
    """A browser sends a text box's line breaks as CRLF."""
    return {name: [value.replace("\n", "\r\n") for value in values] for name, values in data.items()}


@pytest.mark.usefixtures("shared_demo")
class TestEditsAreCountedHonestly:
    def test_a_save_that_changes_nothing_records_nothing_on_any_demo_article(self, editor_client):
        recorded = {}
        for article in Article.objects.order_by("slug"):
            before = ContentChange.objects.count()
            response = save(editor_client, article, as_a_browser_posts(open_form(editor_client, article)))
            assert response.status_code == 302, article.slug
            recorded[article.slug] = list(ContentChange.objects.order_by("pk")[before:].values_list("model", "fields"))
        assert recorded == {slug: [] for slug in recorded}

    def test_moving_one_row_records_that_row_and_one_edit_records_that_field(self, editor_client):
        article = Article.objects.get(slug="back-pain")
        data = open_form(editor_client, article)
        care = sorted(
            (name for name in data if name.startswith("care_advice-") and name.endswith("-order")),
            key=lambda name: int(data[name][0]),
        )
        last = care[-1]
        data[last] = ["-1"]  # the last statement dragged to the top
        data["lead"] = [data["lead"][0] + " Most back pain gets better."]
        before = ContentChange.objects.count()
        assert save(editor_client, article, as_a_browser_posts(data)).status_code == 302
        written = list(ContentChange.objects.order_by("pk")[before:].values_list("model", "object_id", "fields"))
        moved = int(data[last.replace("-order", "-id")][0])
        assert [fields for model, _, fields in written if model == "article"] == [["last_edited_at", "lead"]]
        # The moved row alone (parked, then placed: two records), not the fifteen below it.
        assert {(row, tuple(fields)) for model, row, fields in written if model == "careadvice"} == {
            (moved, ("order",))
        }


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ([1, 2, 3, 4], [1, 2, 3, 4]),  # nothing moved: nothing changes
        ([4, 1, 2, 3], [0, 1, 2, 3]),  # the last dragged to the top takes the free 0
        ([1, 2, 4], [1, 2, 4]),  # a gap left by a removed row stays
        ([1, 3, 5, None], [1, 3, 5, 6]),  # a new row goes after the last
        ([0, 2, None, 4], [0, 2, 3, 4]),  # or into a free value between two
        ([0, 1, None, 2], [0, 1, 2, 3]),  # no free value: numbered again
        ([2, 1], [0, 1]),
        ([], []),
    ],
)
def test_new_order_values_change_as_few_rows_as_possible(stored, expected):
    assert new_orders(stored) == expected


def test_save_my_version_anyway_writes_only_what_this_editor_changed_and_says_what_it_kept(two_editors):
    first, second = two_editors
    article = full_article()
    ann = open_form(first, article)
    ben = open_form(second, article)
    shown = merge.base({"opened": ben["opened"][0]})
    assert "lead" in shown and any("-groups-0-entries-0-note" in key for key in shown)  # nested rows too
    body = section_field(ann, "Common causes", "body")
    ann["lead"] = ["Ann's new lead."]
    ann[body] = ["Ann's new section text."]
    ann["question"] = ["Ann's question?"]
    note = next(key for key in ann if key.endswith("-groups-0-entries-0-note"))
    ann[note] = ["Ann's note."]
    assert save(first, article, ann).status_code == 302

    ben["question"] = ["Ben's new question?"]  # both changed the question: Ben chooses his
    token = save(second, article, ben).context["current_token"]
    accepted = save(second, article, as_a_browser_posts({**ben, "replace_theirs": [token]}), button="_continue")
    assert accepted.status_code == 302
    article.refresh_from_db()
    assert article.question == "Ben's new question?"
    assert article.lead == "Ann's new lead."  # Ben never touched it: Ann's is kept
    assert article.sections.get(heading="Common causes").body == "Ann's new section text."
    assert Entry.objects.get(pk=ann[note.replace("-note", "-id")][0]).note == "Ann's note."  # a nested row
    shown = [str(message) for message in get_messages(accepted.wsgi_request)]
    kept = next(message for message in shown if "field by field" in message)
    assert "the lead" in kept and "section “Common causes” (body)" in kept and "question" not in kept


def test_a_made_up_opened_value_merges_nothing(two_editors):
    first, second = two_editors
    article = full_article()
    ben = open_form(second, article)
    assert save(first, article, open_form(first, article, lead="Ann's lead.")).status_code == 302
    token = save(second, article, ben).context["current_token"]
    forged = {**ben, "replace_theirs": [token], "opened": ["not signed"]}
    assert save(second, article, forged).status_code == 302
    article.refresh_from_db()
    assert article.lead != "Ann's lead."  # without a signed record of the page, the whole version is Ben's
