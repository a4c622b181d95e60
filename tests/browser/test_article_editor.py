"""The article editor in real Chromium: it fits the window, a cause's gloss is two clicks
away, two editors cannot overwrite each other, and nothing typed is lost to a limit."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Article, Condition, Entry
from tests.browser.conftest import load_demo, log_in
from tests.factories import editor_user, full_article

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


@pytest.fixture
def article():
    editor_user("editor")
    return full_article(title="Muscle atrophy", slug="muscle-atrophy", groups=3, entries_per_group=8)


def open_editor(page, article, username="editor"):
    log_in(page, username)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_page_fits_the_window(page, article, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_editor(page, article)
    page.click("text=Open all sections")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"scrolls sideways by {overflow}px at {width}px"
    # The action bar stays in view while the editor scrolls.
    bar = page.locator(".editor-actions")
    page.mouse.wheel(0, 1500)
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900 + 1
    assert "Readers see revision 1" in bar.inner_text()


def test_a_causes_gloss_is_edited_in_two_clicks_before_save(page, article):
    open_editor(page, article)
    clicks = 0
    section = page.locator("details.block-details").first
    assert section.get_attribute("open") is None  # sections start closed
    section.locator("summary").click()
    clicks += 1
    first_entry = section.locator(".editor-row").first
    with page.expect_popup() as opened:
        first_entry.locator("a.change-related").click()
        clicks += 1
    popup = opened.value
    popup.wait_for_load_state()
    assert "Shown on 1 live article: Muscle atrophy." in popup.content()
    popup.fill("#id_gloss", "a plain-words gloss\nover two lines")
    assert clicks <= 3
    # Listening before the click: on a busy machine the saved popup can close before the
    # click returns, and a listener added after that would wait for nothing.
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    condition = Entry.objects.filter(group__section__article=article).order_by("group__order", "order").first()
    assert Condition.objects.get(pk=condition.condition_id).gloss == "a plain-words gloss over two lines"


def test_a_second_editors_stale_save_is_refused_in_the_browser(browser, live_server, article):
    editor_user("ben")
    Article.objects.filter(pk=article.pk)  # both open the same article
    pages = []
    for username in ("editor", "ben"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
        pages.append(context.new_page())
        open_editor(pages[-1], article, username)
    ann, ben = pages
    assert "editor opened it" in ben.content() or "Someone else may be editing" in ben.content()

    ann.fill("#id_lead", "The first editor's lead.")
    ann.click(".editor-actions input[name=_continue]")
    ann.wait_for_load_state()
    assert "Saved. The public page is unchanged" in ann.content()

    ben.fill("#id_question", "The second editor's question?")
    ben.click(".editor-actions input[name=_continue]")
    ben.wait_for_load_state()
    notice = ben.locator(".conflict-notice")
    assert notice.is_visible() and "changed the lead" in notice.inner_text()
    assert ben.input_value("#id_question") == "The second editor's question?"  # kept to re-apply
    assert Article.objects.get(pk=article.pk).lead == "The first editor's lead."
    for p in pages:
        p.context.close()


def test_an_entry_shows_one_target_and_saves_the_one_chosen(page, article):
    open_editor(page, article)
    page.locator("details.block-details summary").first.click()
    row = page.locator("details.block-details").first.locator(".editor-row").first
    assert row.locator('[data-kind="condition"]').is_visible()
    assert row.locator('[data-kind="text"]').is_hidden()
    row.locator("select.entry-kind").select_option("text")
    assert row.locator('[data-kind="condition"]').is_hidden()
    row.locator('[data-kind="text"] input').fill("Sitting still for a long time")
    assert page.locator(".editor-unsaved").is_visible()  # "You have unsaved changes."
    page.click(".editor-actions input[name=_continue]")
    page.wait_for_load_state()
    assert "Saved." in page.content()
    entry = Entry.objects.get(text="Sitting still for a long time")
    assert entry.condition_id is None and entry.related_article_id is None


def test_a_form_too_big_to_send_is_stopped_with_the_input_kept(page, article):
    open_editor(page, article)
    page.fill("#id_lead", "Typed, and not to be lost.")
    page.evaluate("document.querySelector('.editor-limits').dataset.maxFields = '20'")
    url = page.url
    page.click(".editor-actions input[name=_continue]")
    note = page.locator(".editor-unsaved")
    note.wait_for(state="visible")
    assert "Not saved" in note.inner_text() and "still here" in note.inner_text()
    assert page.url == url and page.input_value("#id_lead") == "Typed, and not to be lost."
    assert Article.objects.get(pk=article.pk).lead != "Typed, and not to be lost."


def test_the_change_page_has_no_serious_axe_violations(page, article):
    open_editor(page, article)
    page.locator("details.block-details summary").first.click()
    page.add_script_tag(path=str(AXE))
    serious = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
    )
    assert serious == [], serious


def test_the_seed_article_fits_1280_px_rows_on_one_line_signs_whole(page):
    load_demo()
    editor_user("seed-editor")
    page.set_viewport_size({"width": 1280, "height": 900})
    open_editor(page, Article.objects.get(slug="muscle-atrophy"), username="seed-editor")
    page.click("text=Open all sections")
    assert page.evaluate("document.body.scrollHeight") < 7000
    tall = page.evaluate(
        """() => [...document.querySelectorAll('.editor-row')].filter(row => row.offsetParent)
            .map(row => Math.round(row.getBoundingClientRect().height)).filter(height => height > 60)"""
    )
    assert tall == []  # every entry, statement and reference row on one line (one line is 36 to 51 px)
    signs = page.evaluate(
        """() => [...document.querySelectorAll('.field-sign .select2-selection__rendered')]
            .filter(shown => shown.offsetParent)
            .map(shown => [shown.textContent.trim(), shown.scrollWidth <= shown.clientWidth])"""
    )
    assert len(signs) == 13 and all(whole for _, whole in signs), signs  # each sign's wording read whole
    assert signs[0][0].startswith("Emergency: ")  # with its tier
