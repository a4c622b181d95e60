"""The editorial round trip in a real browser: an editor builds and changes articles in
the nested admin (JavaScript, autocompletes), a reviewer reads the diff and approves,
and readers see only what was signed off."""

import re

import pytest
from django.utils import timezone

from articles.models import Article
from tests.browser.conftest import log_in
from tests.factories import ConditionFactory, editor_user, full_article, publication, reviewer_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


def pick(page, container, text):
    """Choose ``text`` in a select2 autocomplete inside ``container``."""
    page.click(f"{container} .select2-selection")
    page.keyboard.type(text[:5])
    page.click(f".select2-results__option:has-text('{text}')")


def build_leg_swelling(page):
    """Fill in a new article on the editor's page, as an editor would, and save it."""
    page.goto("/admin/articles/article/add/")
    page.fill("#id_title", "Leg swelling")
    page.fill("#id_question", "What causes leg swelling?")
    page.fill("#id_lead", "Fluid can collect in the legs for many reasons.")
    for s, heading in enumerate(["Common causes", "Questions for diagnosing the cause"]):
        page.click("text=Add section")
        page.fill(f"#id_sections-{s}-heading", heading)
        page.click(f"#sections-{s} >> text=Add list")
    page.fill("#id_sections-0-groups-0-heading", "Serious causes")
    page.select_option("#id_sections-0-groups-0-urgency", "emergency")
    page.fill("#id_sections-0-groups-0-lead_in", "Call your emergency number if the leg is hot and painful.")
    for e, name in enumerate(["Deep vein thrombosis", "Heart failure"]):
        page.click("#sections-0-groups-0 >> text=Add entry")
        pick(page, f"#sections-0-groups-0-entries-{e} [data-kind=condition]", name)
    page.click("#sections-1-groups-0 >> text=Add entry")
    page.select_option("#sections-1-groups-0-entries-0 select.entry-kind", "text")  # a question, not a cause
    page.fill("#id_sections-1-groups-0-entries-0-text", "Is one leg or both swollen?")
    page.click("text=Add reference")
    page.fill("#id_references-0-title", "Leg swelling")
    page.fill("#id_references-0-url", "https://medlineplus.gov/ency/article/003104.htm")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=was added successfully")


def test_editor_builds_an_article_and_a_reviewer_publishes_it(page):
    editor_user("editor")
    reviewer_user("reviewer", display_name="Dr Rosa Reyes", credentials="MD, FACS")
    ConditionFactory(name="Deep vein thrombosis", slug="dvt", gloss="a blood clot in a deep vein")
    ConditionFactory(name="Heart failure", slug="heart-failure", gloss="the heart cannot pump well enough")

    log_in(page, "editor")
    build_leg_swelling(page)

    article = Article.objects.get(slug="leg-swelling")
    assert article.sections.count() == 2 and article.references.count() == 1
    assert page.request.get("/symptoms/leg-swelling/").status == 404  # not reviewed, not public

    page.click("text=Submit for review…")
    page.fill("#id_summary", "New article on leg swelling.")
    page.click("input[value='Submit for review']")
    page.wait_for_selector("text=Submitted 1 article for review.")

    log_in(page, "reviewer")
    page.goto("/review/")
    page.click("section[aria-labelledby=waiting] a:has-text('Leg swelling')")
    page.wait_for_selector("text=first review")
    page.check("input[value=approve]")
    page.click("input[value='Record decision']")
    page.wait_for_selector("text=is now live")

    page.goto("/symptoms/leg-swelling/")
    assert page.inner_text("h1") == "What causes leg swelling?"
    assert "Deep vein thrombosis (a blood clot in a deep vein)" in page.inner_text(".group--emergency")
    assert "Medically reviewed by Dr Rosa Reyes, MD, FACS" in page.inner_text(".trust")


def test_a_change_stays_private_until_a_reviewer_approves_it(page):
    editor_user("editor")
    reviewer = reviewer_user("reviewer", display_name="Dr Rosa Reyes", credentials="MD, FACS")
    article = full_article(slug="cramps", lead="Cramps are sudden and painful.", title="Cramps")
    old_reviewed = publication(article).last_reviewed

    log_in(page, "editor")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.fill("#id_lead", "Cramps are sudden, painful and usually harmless.")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=Saved. The public page is unchanged (revision 1) until revision 2")
    page.goto("/symptoms/cramps/")
    assert page.inner_text(".lead") == "Cramps are sudden and painful."  # the signed-off text

    page.goto(f"/admin/articles/article/{article.pk}/submit/")
    page.fill("#id_summary", "Say cramps are usually harmless.")
    page.click("input[value='Submit for review']")

    # The editor cannot approve: the workspace is not theirs.
    response = page.request.get(f"/review/revisions/{article.revisions.order_by('-number').first().pk}/")
    assert response.status == 403

    log_in(page, "reviewer")
    revision = article.revisions.order_by("-number").first()
    page.goto(f"/review/revisions/{revision.pk}/")
    # Once in the page's own words, and once in the list of every value that differs.
    assert page.locator("#diff-h ~ .diff .diff-part:not(.diff-values) ins", has_text="harmless").count() == 1
    assert page.locator("#diff-h ~ .diff .diff-values ins", has_text="harmless").count() == 1
    page.check("input[value=approve]")
    page.click("input[value='Record decision']")
    page.wait_for_selector("text=is now live")

    page.goto("/symptoms/cramps/")
    assert page.inner_text(".lead") == "Cramps are sudden, painful and usually harmless."
    trust = page.inner_text(".trust")
    assert "Dr Rosa Reyes, MD, FACS" in trust
    assert timezone.localdate().strftime("%B %-d, %Y") in trust
    assert reviewer.signoffs.count() == 1 and old_reviewed is not None
    assert re.search(r"Next review due [A-Z][a-z]+ \d{1,2}, \d{4}", trust)
