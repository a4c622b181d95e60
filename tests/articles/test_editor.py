"""The article editor as editors use it: the page a browser gets, posted back as a
browser posts it (tests.helpers.browser_form), by two people at once if need be."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.admin import MAX_ROWS_PER_POST
from articles.models import Article, Condition, EditSession, Entry, EntryGroup, WarningSign
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    full_article,
    give_sign,
)
from tests.helpers import browser_form, login

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article, **changes):
    """GET the article's page and return what a browser would post, with ``changes``."""
    page = client.get(change_url(article))
    assert page.status_code == 200
    data = browser_form(page.content.decode(), "article_form")
    for name, value in changes.items():
        data[name] = [value]
    return data


def save(client, article, data, button="_continue"):
    return client.post(change_url(article), {**data, button: "Save"})


def section_field(data, heading, field):
    """The posted name of a section's field, found by the section's heading."""
    for name, values in data.items():
        if name.startswith("sections-") and name.endswith("-heading") and values == [heading]:
            return name.removesuffix("heading") + field
    raise AssertionError(f"no section {heading!r}")


def test_the_page_posts_back_unchanged_as_a_browser_sends_it(editor_client):
    article = full_article()
    before = Entry.objects.filter(group__section__article=article).count()
    response = save(editor_client, article, open_form(editor_client, article))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Entry.objects.filter(group__section__article=article).count() == before


def test_a_second_save_from_a_stale_page_is_refused_and_keeps_its_input(two_editors):
    first, second = two_editors
    article = full_article()
    Article.objects.filter(pk=article.pk).update()  # no-op: the history is what counts
    ann = open_form(first, article)
    ben = open_form(second, article)

    ann["lead"] = ["Ann's new lead."]
    ann[section_field(ann, "Common causes", "body")] = ["Ann's new section text."]
    assert save(first, article, ann).status_code == 302

    ben["question"] = ["Ben's new question?"]
    refused = save(second, article, ben)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Ann Lee saved this article after you opened it" in page
    assert "changed the lead" in page
    assert "changed section “Common causes” (body)" in page
    assert 'value="Ben&#x27;s new question?"' in page  # the refused input is still in the form
    article.refresh_from_db()
    assert article.lead == "Ann's new lead."
    assert article.question != "Ben's new question?"

    # Ben decides to replace Ann's version: the box carries the history marker he was shown.
    token = refused.context["current_token"]
    assert f'name="replace_theirs" value="{token}"' in page
    accepted = save(second, article, {**ben, "replace_theirs": [token]})
    assert accepted.status_code == 302
    article.refresh_from_db()
    assert article.question == "Ben's new question?"


def test_replacing_theirs_is_refused_again_when_a_third_save_came_in_between(two_editors):
    first, second = two_editors
    article = full_article()
    ben = open_form(second, article)
    assert save(first, article, open_form(first, article, lead="One.")).status_code == 302
    token = save(second, article, ben).context["current_token"]
    assert save(first, article, open_form(first, article, lead="Two.")).status_code == 302
    again = save(second, article, {**ben, "replace_theirs": [token]})
    assert again.status_code == 200 and "saved this article after you opened it" in again.content.decode()
    article.refresh_from_db()
    assert article.lead == "Two."


def test_a_post_without_the_history_marker_is_refused(editor_client):
    article = full_article()
    data = open_form(editor_client, article, lead="Hand-made.")
    del data["edit_token"]
    response = save(editor_client, article, data)
    assert response.status_code == 200
    assert "did not come from the article&#x27;s edit page" in response.content.decode()
    article.refresh_from_db()
    assert article.lead != "Hand-made."


def test_saving_twice_from_ones_own_fresh_page_is_not_a_conflict(editor_client):
    article = full_article()
    assert save(editor_client, article, open_form(editor_client, article, lead="First.")).status_code == 302
    assert save(editor_client, article, open_form(editor_client, article, lead="Second.")).status_code == 302


def test_opening_an_article_someone_has_open_says_who(two_editors):
    first, second = two_editors
    article = full_article()
    first.get(change_url(article))
    page = second.get(change_url(article)).content.decode()
    assert "Someone else may be editing this article." in page and "Ann Lee opened it" in page
    assert "Ben Cole opened it" in first.get(change_url(article)).content.decode()
    # Save and close: ann is no longer shown as editing it.
    assert save(first, article, open_form(first, article), button="_save").status_code == 302
    assert not EditSession.objects.filter(article=article, user__username="ann").exists()
    assert "Ann Lee opened it" not in second.get(change_url(article)).content.decode()


def test_after_save_the_message_says_the_public_page_is_unchanged(editor_client):
    article = full_article()  # live at revision 1
    response = save(editor_client, article, open_form(editor_client, article, lead="Changed."))
    page = editor_client.get(response["Location"]).content.decode()
    assert "Saved. The public page is unchanged (revision 1) until revision 2 is submitted and approved." in page
    assert "changed successfully" not in page
    assert "Readers see revision 1" in page and "Your saved changes stay private until revision 2" in page


def test_a_draft_says_nothing_is_public_yet(editor_client):
    article = full_article(live=False)
    response = save(editor_client, article, open_form(editor_client, article, lead="Changed."))
    page = editor_client.get(response["Location"]).content.decode()
    assert "Saved. Nothing is public yet: readers see this article once revision 1 is submitted and approved." in page


def test_save_and_submit_goes_to_the_submit_page(editor_client):
    article = full_article()
    response = save(editor_client, article, open_form(editor_client, article, lead="Changed."), button="_submit")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_submit", args=[article.pk])
    assert Article.objects.get(pk=article.pk).lead == "Changed."


def test_delete_is_offered_only_for_articles_without_a_review_record(editor_client):
    reviewed = full_article()
    page = editor_client.get(change_url(reviewed)).content.decode()
    assert 'class="deletelink"' not in page
    assert editor_client.get(reverse("admin:articles_article_delete", args=[reviewed.pk])).status_code == 403
    draft = ArticleFactory()
    assert 'class="deletelink"' in editor_client.get(change_url(draft)).content.decode()


def test_the_workspace_link_is_offered_only_to_those_who_can_use_it(editor, site_admin):
    article = full_article()
    link = f'<a href="{reverse("reviews:article", args=[article.pk])}">Open in review workspace</a>'
    assert link not in login(Client(), editor).get(change_url(article)).content.decode()
    assert link in login(Client(), site_admin).get(change_url(article)).content.decode()


def test_editors_give_warning_signs_from_the_library(editor_client):
    article = full_article()
    sign = WarningSign.objects.create(text="you cannot move one side of your body", tier="emergency")
    page = editor_client.get(change_url(article)).content.decode()
    assert 'id="care_advice-group"' in page
    data = open_form(editor_client, article)
    data.update({"care_advice-TOTAL_FORMS": ["1"], "care_advice-0-order": ["0"], "care_advice-0-sign": [str(sign.pk)]})
    assert save(editor_client, article, data).status_code == 302
    assert article.care_advice.get().sign == sign
    # A row without a sign is an error on the form, not a statement lost.
    data = open_form(editor_client, article)
    data.update({"care_advice-TOTAL_FORMS": ["2"], "care_advice-1-order": ["1"], "care_advice-1-sign": [""]})
    data["care_advice-1-article"] = [str(article.pk)]
    response = save(editor_client, article, data)
    assert response.status_code == 200 and "This field is required" in response.content.decode()


def test_lead_ins_and_glosses_are_multi_line_boxes_saved_as_one_paragraph(editor_client):
    article = full_article()
    page = editor_client.get(change_url(article)).content.decode()
    assert 'class="one-paragraph"' in page and "-lead_in" in page
    data = open_form(editor_client, article)
    name = next(n for n in data if n.endswith("-lead_in") and "groups-0" in n)
    data[name] = ["Most often:\r\n  when a muscle\r\nis not used."]
    assert save(editor_client, article, data).status_code == 302
    assert EntryGroup.objects.filter(
        section__article=article, lead_in="Most often: when a muscle is not used."
    ).exists()


def test_rows_are_numbered_by_position_and_order_is_not_an_input_to_type(editor_client):
    article = full_article()
    page = editor_client.get(change_url(article)).content.decode()
    assert 'type="hidden" name="sections-0-order"' in page
    assert 'type="number" name="sections-0-order"' not in page


def test_an_entry_row_has_two_tools_for_its_condition_and_none_for_an_article(editor_client):
    article = full_article()
    page = editor_client.get(change_url(article)).content.decode()
    row = page.split('id="sections-0-groups-0-entries-0"')[1].split('class="cell-delete"')[0]
    assert row.count("related-widget-wrapper-link") == 2
    assert "delete-related" not in row and "view-related" not in row
    assert 'class="entry-kind"' in row


@pytest.mark.slow  # a 300-entry article
def test_an_article_of_300_entries_and_20_sections_saves(editor_client):
    article = ArticleFactory()
    conditions = [ConditionFactory() for _ in range(30)]
    for s in range(20):
        section = SectionFactory(article=article, order=s, heading=f"Section {s}")
        group = EntryGroupFactory(section=section, order=0, heading=f"List {s}")
        for e in range(15):
            EntryFactory(group=group, order=e, condition=conditions[(s + e) % 30], note=f"note {s}-{e}")
    data = open_form(editor_client, article, lead="A long article.")
    fields = sum(len(v) for v in data.values())
    response = save(editor_client, article, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Entry.objects.filter(group__section__article=article).count() == 300
    assert Article.objects.get(pk=article.pk).lead == "A long article."
    # The largest article the admin accepts (MAX_ROWS_PER_POST rows of this size) fits
    # Django's field limit, so no save is ever cut off by it.
    assert fields / 300 * MAX_ROWS_PER_POST < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def test_a_condition_says_which_live_articles_show_it(editor_client, site_admin):
    article = full_article(title="Muscle atrophy")
    stroke = Condition.objects.get(slug="stroke")
    url = reverse("admin:articles_condition_change", args=[stroke.pk])
    for page in (editor_client.get(url), editor_client.get(url, {"_popup": "1"})):
        text = page.content.decode()
        assert "Shown on 1 live article: Muscle atrophy." in text
        assert "flags them for re-review" in text
        assert 'class="one-paragraph"' in text  # the gloss is a box that shows all of it
    # A withdrawn article no longer counts: its readers see nothing to re-review.
    from reviews.workflow import services

    services.withdraw(article=article, by=site_admin, reason="x")
    assert "No live article shows this condition yet." in editor_client.get(url).content.decode()
    unused = ConditionFactory()
    assert (
        "No live article shows this condition yet."
        in editor_client.get(reverse("admin:articles_condition_change", args=[unused.pk])).content.decode()
    )
    assert article


def test_change_page_queries_are_pinned_and_do_not_grow_with_rows(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(entries_per_group):
        article = full_article(groups=3, entries_per_group=entries_per_group)
        for order in range(entries_per_group):  # as many warning signs
            give_sign(article, order, "routine", f"sign {order} of {entries_per_group}")
        with CaptureQueriesContext(connection) as get:
            data = open_form(editor_client, article, lead="Pinned.")
        with CaptureQueriesContext(connection) as post:
            assert save(editor_client, article, data).status_code == 302
        return len(get), len(post)

    queries(1)  # warms per-process caches (content types, permissions)
    few, many = queries(12), queries(24)
    assert few[0] <= 60 and few[1] <= 120, few
    assert many == few, (few, many)


def test_fast_widgets_write_the_same_html_as_djangos_templates():
    from django import forms

    from articles.widgets import speed_up

    class Sample(forms.Form):
        text = forms.CharField(max_length=20, initial='a "quoted" <b>&</b> value')
        hidden = forms.CharField(widget=forms.HiddenInput, initial="7")
        box = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), initial="line one\n<line two>")
        empty_box = forms.CharField(widget=forms.Textarea, required=False)
        number = forms.IntegerField(initial=3, min_value=0)
        url = forms.URLField(initial="https://example.org/?a=1&b=2", assume_scheme="https")
        tick = forms.BooleanField(initial=True, required=False)
        choice = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("Group", [("x", "<X>"), ("y", "Y")])])
        plain = forms.CharField(required=False, disabled=True)

    def html(form):
        return {name: _canonical(str(form[name])) for name in form.fields}

    reference = html(Sample(initial={"choice": "x"}))
    fast = Sample(initial={"choice": "x"})
    speed_up(fast)
    assert all(type(field.widget).__module__ == "articles.widgets" for field in fast.fields.values())
    assert html(fast) == reference
    bound = {"text": "<script>", "hidden": "1", "box": "x", "number": "2", "url": "https://a.org", "choice": "y"}
    slow, quick = Sample(bound), Sample(bound)
    speed_up(quick)
    assert html(quick) == html(slow)


def _canonical(html):
    """Tags with sorted attributes and text, whitespace between tags dropped."""
    from html.parser import HTMLParser

    tokens = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tokens.append((tag, sorted(attrs)))

        def handle_endtag(self, tag):
            tokens.append(("/" + tag,))

        def handle_data(self, data):
            if data.strip():
                tokens.append((data.strip(),))

    Reader().feed(html)
    return tokens


def test_the_fast_related_field_wrapper_matches_the_admins_template(editor_client):
    from articles.widgets import FastRelatedWidgetWrapper

    article = full_article()
    page = editor_client.get(change_url(article))
    form = page.context["inline_admin_formsets"][1].formset.forms[0].nested_formsets[0].forms[0]
    entries = form.nested_formsets[0]
    row = entries.forms[0]
    wrapper = row.fields["condition"].widget
    assert type(wrapper) is FastRelatedWidgetWrapper
    fast = str(row["condition"])
    wrapper.__class__ = wrapper.__class__.__mro__[2]  # Django's own RelatedFieldWidgetWrapper
    assert _canonical(fast) == _canonical(str(row["condition"]))
    assert "change-related" in fast and "add-related" in fast and "delete-related" not in fast
