"""approve: publishing a signed-off revision (invariants 1-5)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.document import document_hash, entries
from articles.history import acting_as
from articles.models import Article, Condition, Entry
from reviews.models import CategoryListing, ConditionListing, Decision, Publication, ReviewerProfile, SignOff
from reviews.readmodel import publishing
from reviews.workflow import services
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    UserFactory,
    full_article,
    live_revision,
    publication,
    publish,
)
from tests.helpers import edit, h1

pytestmark = pytest.mark.django_db


def clinician(username):
    """Someone who is both an editor and a medical reviewer."""
    user = UserFactory(username=username, groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(
        user=user, slug=username, display_name=f"Dr {username}", credentials="MD", registration=f"TEST {user.pk}"
    )
    return user


def test_editing_a_live_article_changes_nothing_public_until_signed_off(client, editor, reviewer):
    article = full_article(slug="cramps", question="What causes cramps?")
    edit(article, editor, question="What causes painful cramps?", title="Painful cramps")

    assert h1(client, "cramps") == "What causes cramps?"
    revision = services.submit_for_review(article=article, by=editor, summary="Sharper question")
    assert h1(client, "cramps") == "What causes cramps?"  # still the signed-off one while waiting
    assert "Painful cramps" not in client.get("/symptoms/").content.decode()

    services.approve(revision=revision, reviewer=reviewer)

    page = client.get("/symptoms/cramps/").content.decode()
    assert h1(client, "cramps") == "What causes painful cramps?"
    assert "Medically reviewed by" in page and "Dr Rosa Reyes, MD, FACS" in page
    assert timezone.localdate().strftime("%B %-d, %Y") in page
    assert "Painful cramps" in client.get("/symptoms/").content.decode()


def test_public_page_renders_exactly_the_signed_off_snapshot(client, editor, reviewer):
    article = full_article(slug="exact")
    live = live_revision(article)
    assert document_hash(live.snapshot) == live.content_hash
    edit(article, editor, lead="An unreviewed lead.")
    assert "An unreviewed lead." not in client.get("/symptoms/exact/").content.decode()
    assert live.snapshot["lead"] in client.get("/symptoms/exact/").content.decode()


def test_a_draft_is_not_public_until_its_first_approval(client, editor, reviewer):
    article = ArticleFactory(slug="new")
    revision = services.submit_for_review(article=article, by=editor, summary="New")
    assert client.get("/symptoms/new/").status_code == 404
    services.approve(revision=revision, reviewer=reviewer)
    assert client.get("/symptoms/new/").status_code == 200


def test_signoff_records_reviewer_credentials_decision_and_hash(editor, reviewer):
    article = full_article(live=False)
    revision = services.submit_for_review(article=article, by=editor, summary="First")
    signoff = services.approve(revision=revision, reviewer=reviewer, comment="Fine")
    assert (signoff.reviewer, signoff.reviewer_name, signoff.credentials) == (reviewer, "Dr Rosa Reyes", "MD, FACS")
    assert (signoff.decision, signoff.comment, signoff.content_hash) == ("approved", "Fine", revision.content_hash)


def test_byline_keeps_credentials_of_the_day(client, editor, reviewer):
    article = full_article(slug="creds", live=False)
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="x"), reviewer=reviewer)
    profile = reviewer.reviewer_profile
    profile.credentials = "MD, PhD"
    profile.save()
    page = client.get("/symptoms/creds/").content.decode()
    assert "Dr Rosa Reyes, MD, FACS" in page and "MD, PhD" not in page


def test_the_author_of_a_revision_cannot_approve_it(editor):
    both = UserFactory(username="both", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(
        user=both, slug="both", display_name="Dr Both", credentials="MD", registration=f"TEST {both.pk}"
    )
    revision = services.submit_for_review(article=full_article(live=False), by=both, summary="mine")
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)
    assert not SignOff.objects.exists()


def test_the_last_editor_of_the_working_copy_cannot_approve_it(editor):
    writer = UserFactory(username="writer", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(
        user=writer, slug="writer", display_name="Dr Writer", credentials="MD", registration=f"TEST {writer.pk}"
    )
    article = edit(full_article(live=False), writer, lead="Written by the reviewer.")
    revision = services.submit_for_review(article=article, by=editor, summary="submitted by someone else")
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=writer)


def test_users_without_an_active_profile_cannot_sign_off(editor, reviewer):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    profile = reviewer.reviewer_profile
    profile.active = False
    profile.save()
    with pytest.raises(PermissionDenied):
        services.approve(revision=revision, reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        services.approve(revision=revision, reviewer=editor)


def test_one_decision_per_revision(editor, reviewer, second_reviewer):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    services.request_changes(revision=revision, reviewer=reviewer, comment="Fix the gloss.")
    with pytest.raises(services.AlreadyDecided):
        services.approve(revision=revision, reviewer=second_reviewer)


def test_the_database_refuses_a_second_decision(editor, reviewer, second_reviewer):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    services.approve(revision=revision, reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignOff.objects.create(
            revision=revision,
            reviewer=second_reviewer,
            profile=second_reviewer.reviewer_profile,
            reviewer_name="x",
            credentials="x",
            decision=Decision.CHANGES_REQUESTED,
            comment="late",
            content_hash=revision.content_hash,
            signed_at=timezone.now(),
        )


def test_an_older_revision_cannot_be_approved_once_superseded(editor, reviewer):
    article = full_article(live=False)
    old = services.submit_for_review(article=article, by=editor, summary="1")
    edit(article, editor, lead="Newer")
    services.submit_for_review(article=article, by=editor, summary="2")
    with pytest.raises(services.ReviewError, match="newer revision"):
        services.approve(revision=old, reviewer=reviewer)


def test_approval_sets_last_reviewed_and_next_review_due(editor, reviewer, settings):
    settings.REVIEW_INTERVAL_DAYS = 365
    article = full_article(live=False)
    when = timezone.now() - datetime.timedelta(days=10)
    publish(article, editor=editor, reviewer=reviewer, now=when)
    published = publication(article)
    assert published.last_reviewed == timezone.localdate(when)
    assert published.next_review_due == timezone.localdate(when) + datetime.timedelta(days=365)


def test_review_interval_is_a_setting(editor, reviewer, settings):
    settings.REVIEW_INTERVAL_DAYS = 180
    article = full_article(live=False)
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="x"), reviewer=reviewer)
    published = publication(article)
    assert published.next_review_due - published.last_reviewed == datetime.timedelta(days=180)


def test_overdue_article_stays_live_and_says_so_after_the_grace_period(client, editor, reviewer, settings):
    settings.REVIEW_GRACE_DAYS = 30
    article = full_article(slug="old", live=False)
    long_ago = timezone.now() - datetime.timedelta(days=365 + 31)
    publish(article, editor=editor, reviewer=reviewer, now=long_ago)
    page = client.get("/symptoms/old/")
    assert page.status_code == 200
    assert "annual review is overdue" in page.content.decode()


def test_overdue_within_grace_period_is_not_announced(client, editor, reviewer, settings):
    settings.REVIEW_GRACE_DAYS = 30
    article = full_article(slug="recent", live=False)
    when = timezone.now() - datetime.timedelta(days=365 + 10)
    publish(article, editor=editor, reviewer=reviewer, now=when)
    assert "annual review is overdue" not in client.get("/symptoms/recent/").content.decode()


def test_a_stale_editor_save_never_undoes_a_signoff(editor, reviewer):
    article = full_article(live=False)
    stale = Article.objects.get(pk=article.pk)  # the admin loaded the form before the sign-off
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    services.approve(revision=revision, reviewer=reviewer)
    stale.lead = "Edited in a form opened before approval"
    stale.save()
    assert live_revision(article) == revision
    assert Article.objects.get(pk=article.pk).lead == "Edited in a form opened before approval"


def test_approving_a_slug_another_live_article_uses_is_refused_not_a_500(editor, reviewer):
    ArticleFactory(slug="cramps", live=True)
    other = full_article(slug="leg-cramps", live=False)
    # Working copies cannot share a slug, but a renamed one can clash with a live page
    # whose own working copy has moved on.
    live = Article.objects.get(slug="cramps")
    edit(live, editor, slug="old-cramps")
    edit(other, editor, slug="cramps")
    revision = services.submit_for_review(article=other, by=editor, summary="take the slug")
    with pytest.raises(services.ReviewError, match="already uses the address"):
        services.approve(revision=revision, reviewer=reviewer)


def test_every_editor_since_the_last_approval_counts_as_an_author(editor):
    """A reviewer who also edits cannot approve their own words because someone else
    saved the article after them."""
    both = clinician("both")
    article = full_article()
    edit(article, both, lead="The clinician's lead.")
    edit(article, editor, question="Another editor saved last?")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert both.pk in revision.barred_approver_ids()
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)


def test_a_reviewer_who_changed_a_gloss_cannot_approve_the_revision_carrying_it(editor):
    both = clinician("glosser")
    article = full_article()
    edit(Condition.objects.get(slug="stroke"), both, gloss="a new gloss")
    revision = services.submit_for_review(article=article, by=editor, summary="new gloss")
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)


def test_listings_carry_each_condition_as_signed_and_outlive_a_deleted_record(editor, reviewer):
    article = full_article(slug="listed", live=False)
    stroke = Condition.objects.get(slug="stroke")
    edit(stroke, editor, synonyms="Brain attack\nCVA", lay_terms="a bleed in the brain", icd10="I64", mesh="D020521")
    revision = services.submit_for_review(article=article, by=editor, summary="first")
    # Removed from the working copy and deleted after the revision was frozen: the
    # signed page still lists it, with no record behind it.
    gone = Entry.objects.filter(group__section__article=article, condition__isnull=False).first()
    gone_condition = gone.condition
    with acting_as(editor):
        gone.delete()
        gone_condition.delete()
    services.approve(revision=revision, reviewer=reviewer)

    columns = ["condition_slug", "name", "gloss", "group_heading", "urgency", "likelihood"]
    columns += ["also_called", "lay_terms", "codes", "own_article", "section_heading", "position"]
    rows = list(ConditionListing.objects.filter(publication_id=article.pk).order_by("position").values(*columns))
    signed = [
        {
            "condition_slug": entry["slug"],
            "name": entry["name"],
            "gloss": entry["gloss"],
            "group_heading": group["heading"],
            "urgency": group["urgency"],
            "likelihood": entry["likelihood"],
            "also_called": entry["also_called"],
            "lay_terms": entry["lay_terms"],
            "codes": entry["codes"],
            "own_article": entry["own_article"] or "",
            "section_heading": section["heading"],
            "position": position,
        }
        for position, (section, group, entry) in enumerate(entries(revision.snapshot, "condition"))
    ]
    assert rows == signed and len(rows) == 7
    stroke_row = next(row for row in rows if row["condition_slug"] == "stroke")
    assert stroke_row["also_called"] == ["Brain attack", "CVA"] and stroke_row["codes"]["icd10"] == "I64"
    records = dict(ConditionListing.objects.filter(publication_id=article.pk).values_list("condition_slug", "record"))
    assert records[gone_condition.slug] is None
    assert all(records[slug] == pk for slug, pk in Condition.objects.values_list("slug", "pk") if slug in records)


def test_published_categories_find_their_records_by_id_or_by_slug_and_outlive_a_deleted_one(editor, reviewer):
    article = full_article(slug="sorted", live=False)
    kept, gone = CategoryFactory(name="Muscles", slug="muscles"), CategoryFactory(name="Nerves", slug="nerves")
    with acting_as(editor):
        article.categories.add(kept, gone)
    revision = services.submit_for_review(article=article, by=editor, summary="first")
    with acting_as(editor):
        article.categories.remove(gone)
        gone.delete()
        kept.slug = "muscle-problems"  # found by its id still
        kept.save()
    services.approve(revision=revision, reviewer=reviewer)
    rows = CategoryListing.objects.filter(publication_id=article.pk)
    assert sorted(rows.values_list("slug", "name", "record")) == [
        ("muscles", "Muscles", kept.pk),
        ("nerves", "Nerves", None),
    ]

    # A document from before schema 2 names its categories by slug only.
    publication = Publication.objects.get(pk=article.pk)
    older = {**revision.snapshot, "categories": [{"slug": "muscle-problems", "name": "Muscles"}]}
    publishing.write_read_model(publication, older)
    assert list(rows.values_list("slug", "record")) == [("muscle-problems", kept.pk)]


def test_a_hostile_editors_names_reach_the_listings_exactly_as_signed(editor, reviewer):
    """The listing rows travel as JSON into SQL: quotes, backslashes, SQL and JSON text
    in what an editor typed are data, on both databases."""
    article = full_article(slug="hostile", live=False)
    name = "O'Brien \"syndrome\" \\ '); DROP TABLE reviews_conditionlisting; --"
    gloss = '{"id": 1} [1, 2] café ∑ 😀 $.name'
    edit(Condition.objects.get(slug="stroke"), editor, name=name, gloss=gloss, synonyms='["x"]\n\\n')
    category = CategoryFactory(name='Nerves\' "and" \\ brain', slug="nerves")
    with acting_as(editor):
        article.categories.add(category)
    publish(article, editor=editor, reviewer=reviewer)
    listing = ConditionListing.objects.get(publication_id=article.pk, condition_slug="stroke")
    assert (listing.name, listing.gloss, listing.also_called) == (name, gloss, ['["x"]', "\\n"])
    assert CategoryListing.objects.get(publication_id=article.pk).name == 'Nerves\' "and" \\ brain'
    assert ConditionListing.objects.filter(publication_id=article.pk).count() == 7
