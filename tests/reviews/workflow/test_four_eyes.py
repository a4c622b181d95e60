"""Four eyes by construction (reviews/workflow/four_eyes.py): nobody who changed anything a
revision shows since the article's last approved revision may approve it, whichever
record they changed and whichever way they changed it. The letters are the audit's
scenarios; each ended with a clinician's own wording live before."""

import pytest

from articles.history import acting_as
from articles.models import Article, Category, Condition, Entry
from reviews.models import ReviewerProfile
from reviews.workflow import four_eyes, services
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    UserFactory,
    full_article,
    live_revision,
    publish,
)
from tests.helpers import edit, login

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]


@pytest.fixture
def clinician():
    """An editor who is also a medical reviewer."""
    user = UserFactory(username="clinician", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(
        user=user, slug="clinician", display_name="Dr Clin", credentials="MD", registration=f"TEST {user.pk}"
    )
    return user


def refused(revision, reviewer):
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=reviewer)
    return live_revision(revision.article) != revision


def test_b_own_lead_behind_an_editor_a_request_for_changes_and_a_resubmission(clinician, editor, reviewer):
    article = full_article()
    edit(article, clinician, lead="The clinician's own lead.")
    edit(article, editor, question="What causes it, really?")
    first = services.submit_for_review(article=article, by=editor, summary="1")
    services.request_changes(revision=first, reviewer=reviewer, comment="Tighten the question.")
    edit(article, editor, question="What causes it?")
    second = services.submit_for_review(article=article, by=editor, summary="2")
    assert refused(second, clinician)
    services.approve(revision=second, reviewer=reviewer)  # a second pair of eyes can


def test_h_the_clinician_requested_the_changes_themselves(clinician, editor, reviewer):
    article = full_article()
    edit(article, clinician, lead="The clinician's own lead.")
    first = services.submit_for_review(article=article, by=editor, summary="1")
    services.request_changes(revision=first, reviewer=clinician, comment="Reword the question.")
    edit(article, editor, question="Reworded?")
    second = services.submit_for_review(article=article, by=editor, summary="2")
    assert refused(second, clinician)


def test_d_a_category_name_shown_on_the_page(clinician, editor):
    category = CategoryFactory(name="Nerves")
    article = ArticleFactory(live=False)
    article.categories.add(category)
    publish(article)
    edit(category, clinician, name="Nerves and the clinician's wording")
    revision = services.submit_for_review(article=article, by=editor, summary="new category name")
    assert refused(revision, clinician)


def test_e2_a_related_articles_question_shown_on_the_page(clinician, editor):
    related = ArticleFactory(live=True)
    article = ArticleFactory(live=False)
    article.related.add(related)
    publish(article)
    edit(related, clinician, question="The clinician's question?")
    revision = services.submit_for_review(article=article, by=editor, summary="related question")
    assert refused(revision, clinician)


def test_i_a_gloss_edited_while_the_article_was_withdrawn(clinician, editor, site_admin):
    article = full_article()
    services.withdraw(article=article, by=site_admin, reason="check")
    edit(Condition.objects.get(slug="stroke"), clinician, gloss="the clinician's gloss")
    revision = services.submit_for_review(article=article, by=editor, summary="back")
    assert refused(revision, clinician)


def test_the_submitter_cannot_approve(clinician):
    revision = services.submit_for_review(article=full_article(live=False), by=clinician, summary="mine")
    assert refused(revision, clinician)


def test_a_change_in_the_shell_counts_like_one_in_the_admin(clinician, editor):
    article = full_article()
    with acting_as(clinician):
        Article.objects.filter(pk=article.pk).update(lead="Typed into a shell.")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert refused(revision, clinician)


def test_a_change_to_a_link_counts(clinician, editor):
    article = full_article()
    with acting_as(clinician):
        article.categories.add(CategoryFactory(name="Added by the clinician"))
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert refused(revision, clinician)


def test_edits_before_the_last_approval_do_not_bar(clinician, editor, reviewer):
    article = full_article(live=False)
    edit(article, clinician, lead="Approved long ago by someone else.")
    publish(article, editor=editor, reviewer=reviewer)
    edit(article, editor, question="A later question?")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    services.approve(revision=revision, reviewer=clinician)
    assert live_revision(article) == revision


def test_changes_to_records_the_revision_does_not_show_do_not_bar(clinician, editor):
    related = ArticleFactory(live=True)
    article = full_article(live=False)
    article.related.add(related)
    publish(article)
    edit(related, clinician, lead="Related articles show their question, not their lead.")
    edit(Category.objects.create(name="Unrelated", slug="unrelated"), clinician, name="Still unrelated")
    edit(article, editor, question="Changed by the editor?")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert four_eyes.may_approve(clinician.pk, revision)
    services.approve(revision=revision, reviewer=clinician)
    assert live_revision(article) == revision


def test_an_overview_lead_is_shown_so_its_editor_is_barred(clinician, editor):
    overview = ArticleFactory(live=True)
    article = ArticleFactory(overview=overview)
    publish(article)
    edit(overview, clinician, lead="The clinician's overview lead.")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert refused(revision, clinician)


def test_admin_edits_bar_the_user_who_made_them(clinician, editor, client):
    article = full_article()
    login(client, clinician)
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in ("title", "slug", "question", "copyright_holder", "edit_token")}
    data["lead"] = "Edited by the clinician in the admin."
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
        data[f"{management.prefix}-INITIAL_FORMS"] = 0
        data[f"{management.prefix}-TOTAL_FORMS"] = 0
    assert client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert refused(revision, clinician)


def entry_pointed_at(article, condition, editor):
    """The editor points the article's first entry at ``condition``, as the admin does."""
    entry = Entry.objects.filter(group__section__article=article, condition__isnull=False).first()
    edit(entry, editor, condition=condition)


def test_f1_a_condition_the_clinician_made_before_the_last_approval(clinician, editor, reviewer):
    """F1: four eyes counted only changes since the last approved revision was frozen, so a
    condition the clinician wrote earlier, newly listed, went live under their own name."""
    with acting_as(clinician):
        dose = Condition.objects.create(name="Night cramps", slug="night-cramps", gloss="take ten times the usual dose")
    article = full_article(live=False)
    publish(article, editor=editor, reviewer=reviewer)
    edit(article, editor, question="An unrelated change?")
    publish(article, editor=editor, reviewer=reviewer)  # approved by someone else
    entry_pointed_at(article, dose, editor)
    revision = services.submit_for_review(article=article, by=editor, summary="another cause")
    assert clinician.pk in revision.contributor_ids  # frozen into the revision at submission
    assert refused(revision, clinician)
    services.approve(revision=revision, reviewer=reviewer)


def test_f1_a_gloss_changed_while_no_approved_revision_showed_it(clinician, editor, reviewer):
    condition = Condition.objects.create(name="Cramp", slug="cramp-f1", gloss="a tight muscle")
    edit(condition, clinician, gloss="take ten times the usual dose")
    article = full_article(live=False)
    publish(article, editor=editor, reviewer=reviewer)
    edit(article, editor, question="An unrelated change?")
    publish(article, editor=editor, reviewer=reviewer)
    entry_pointed_at(article, condition, editor)
    revision = services.submit_for_review(article=article, by=editor, summary="another cause")
    assert refused(revision, clinician)


def test_a_value_the_approved_revision_already_showed_does_not_bar_its_author(clinician, editor, reviewer):
    """The other side of F1: nobody approves a value of their own, but one that a second
    reviewer approved already is nobody's own any more."""
    with acting_as(clinician):
        condition = Condition.objects.create(name="Cramp", slug="cramp-ok", gloss="a tight muscle")
    article = full_article(live=False)
    entry_pointed_at(article, condition, editor)
    publish(article, editor=editor, reviewer=reviewer)
    edit(article, editor, question="A later question?")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    services.approve(revision=revision, reviewer=clinician)
    assert live_revision(article) == revision


def test_f2_the_clinician_deletes_a_category_then_approves_the_article_that_lost_it(clinician, editor, reviewer):
    """F2: deleting a category recorded "category deleted" with no article, so the one who
    deleted it could approve the article without it."""
    category = CategoryFactory(name="Nerves")
    article = full_article(live=False)
    article.categories.add(category)
    publish(article, editor=editor, reviewer=reviewer)
    with acting_as(clinician):
        Category.objects.get(pk=category.pk).delete()
    revision = services.submit_for_review(article=article, by=editor, summary="lost its category")
    assert revision.snapshot["categories"] == []
    assert refused(revision, clinician)
