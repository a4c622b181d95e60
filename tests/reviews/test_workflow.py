"""The invariants of ARCHITECTURE.md, through the service functions."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles.document import build_document, document_hash, document_queryset
from articles.models import Article, LivePage
from reviews import services
from reviews.models import Action, Decision, ReviewerProfile, ReviewEvent, Revision, SignOff
from tests.factories import ArticleFactory, ConditionFactory, EntryFactory, UserFactory, full_article, publish

pytestmark = pytest.mark.django_db


def edit(article, editor, **fields):
    """What the admin does when an editor saves the working copy."""
    for name, value in fields.items():
        setattr(article, name, value)
    article.last_edited_by = editor
    article.save()
    return article


def h1(client, slug):
    page = client.get(reverse("articles:detail", args=[slug])).content.decode()
    return page.split('<h1 id="article-title">')[1].split("</h1>")[0]


# 1. Nothing unreviewed reaches the public. 2. Editing never takes a page down.


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
    assert timezone.localdate().strftime("%-d %B %Y") in page
    assert "Painful cramps" in client.get("/symptoms/").content.decode()


def test_public_page_renders_exactly_the_signed_off_snapshot(client, editor, reviewer):
    article = full_article(slug="exact")
    live = article.live_revision
    assert document_hash(live.snapshot) == live.content_hash
    edit(article, editor, lead="An unreviewed lead.")
    assert "An unreviewed lead." not in client.get("/symptoms/exact/").content.decode()
    assert live.snapshot["lead"] in client.get("/symptoms/exact/").content.decode()


def test_requested_changes_keep_the_previous_revision_live(client, editor, reviewer):
    article = full_article(slug="keep", question="What causes keeping?")
    edit(article, editor, question="What causes a bad change?")
    revision = services.submit_for_review(article=article, by=editor, summary="Risky")
    services.request_changes(revision=revision, reviewer=reviewer, comment="Source does not say this.")
    assert h1(client, "keep") == "What causes keeping?"
    assert Article.objects.get(pk=article.pk).live_revision_id != revision.pk


def test_a_draft_is_not_public_until_its_first_approval(client, editor, reviewer):
    article = ArticleFactory(slug="new")
    revision = services.submit_for_review(article=article, by=editor, summary="New")
    assert client.get("/symptoms/new/").status_code == 404
    services.approve(revision=revision, reviewer=reviewer)
    assert client.get("/symptoms/new/").status_code == 200


# 3. A sign-off is bound to content.


def test_revision_freezes_the_document_with_its_hash(editor):
    article = full_article(live=False)
    revision = services.submit_for_review(article=article, by=editor, summary="First")
    document = build_document(document_queryset().get(pk=article.pk))
    assert revision.snapshot == document
    assert revision.content_hash == document_hash(document)
    assert (revision.number, revision.created_by, revision.summary) == (1, editor, "First")


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


def test_revisions_cannot_be_changed_or_deleted(editor):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    revision.summary = "rewritten"
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.delete()
    assert Revision.objects.get(pk=revision.pk).summary == "x"


def test_a_revision_with_a_signoff_is_protected_in_the_database(editor, reviewer):
    revision = publish(full_article(live=False), editor=editor, reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.filter(pk=revision.pk).delete()  # bypasses the model: PROTECT still holds


def test_changed_content_needs_a_new_signoff(client, editor, reviewer):
    article = full_article(slug="rebind")
    edit(article, editor, lead="Changed after sign-off.")
    with pytest.raises(services.ReviewError, match="Nothing has changed"):
        services.submit_for_review(article=ArticleFactory(live=True), by=editor, summary="same")
    revision = services.submit_for_review(article=article, by=editor, summary="changed")
    assert revision.content_hash != article.live_revision.content_hash
    assert "Changed after sign-off." not in client.get("/symptoms/rebind/").content.decode()


def test_submitting_the_same_content_twice_is_refused(editor):
    article = full_article(live=False)
    services.submit_for_review(article=article, by=editor, summary="x")
    with pytest.raises(services.ReviewError, match="already waiting"):
        services.submit_for_review(article=article, by=editor, summary="again")


def test_only_editors_submit(reviewer):
    with pytest.raises(PermissionDenied):
        services.submit_for_review(article=full_article(live=False), by=reviewer, summary="x")


# 4. Four eyes.


def test_the_author_of_a_revision_cannot_approve_it(editor):
    both = UserFactory(username="both", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(user=both, slug="both", display_name="Dr Both", credentials="MD")
    revision = services.submit_for_review(article=full_article(live=False), by=both, summary="mine")
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)
    assert not SignOff.objects.exists()


def test_the_last_editor_of_the_working_copy_cannot_approve_it(editor):
    writer = UserFactory(username="writer", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(user=writer, slug="writer", display_name="Dr Writer", credentials="MD")
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


def test_request_changes_needs_a_comment(editor, reviewer):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    with pytest.raises(services.ReviewError):
        services.request_changes(revision=revision, reviewer=reviewer, comment="  ")


# 5. Annual review.


def test_approval_sets_last_reviewed_and_next_review_due(editor, reviewer, settings):
    settings.REVIEW_INTERVAL_DAYS = 365
    article = full_article(live=False)
    when = timezone.now() - datetime.timedelta(days=10)
    publish(article, editor=editor, reviewer=reviewer, now=when)
    article.refresh_from_db()
    assert article.last_reviewed == timezone.localdate(when)
    assert article.next_review_due == timezone.localdate(when) + datetime.timedelta(days=365)
    assert LivePage.objects.get(article=article).next_review_due == article.next_review_due


def test_review_interval_is_a_setting(editor, reviewer, settings):
    settings.REVIEW_INTERVAL_DAYS = 180
    article = full_article(live=False)
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="x"), reviewer=reviewer)
    article.refresh_from_db()
    assert article.next_review_due - article.last_reviewed == datetime.timedelta(days=180)


def test_confirm_still_accurate_moves_dates_not_text(client, editor, reviewer, second_reviewer):
    article = full_article(slug="annual", live=False)
    year_ago = timezone.now() - datetime.timedelta(days=370)
    revision = services.submit_for_review(article=article, by=editor, summary="x", now=year_ago)
    services.approve(revision=revision, reviewer=reviewer, now=year_ago)
    edit(article, editor, lead="Unreviewed edit that must not go live.")
    before = client.get("/symptoms/annual/").content.decode()
    assert Article.objects.overdue(on=timezone.localdate()).filter(pk=article.pk).exists()

    signoff = services.confirm_still_accurate(article=article, reviewer=second_reviewer, comment="Checked")

    article.refresh_from_db()
    assert signoff.decision == Decision.CONFIRMED and signoff.revision == revision
    assert article.live_revision == revision
    assert article.last_reviewed == timezone.localdate()
    assert not Article.objects.overdue(on=timezone.localdate()).filter(pk=article.pk).exists()
    after = client.get("/symptoms/annual/").content.decode()
    assert "Unreviewed edit" not in after

    def body(html):  # the article text, without the byline (and head metadata) that hold dates
        return html.split('<article class="article"')[1].split('<section class="trust"')[0]

    assert body(before) == body(after)
    assert "Dr Sam Okafor, MD, FRCP" in after and "Review history" in after


def test_only_live_articles_can_be_confirmed(reviewer):
    with pytest.raises(services.ReviewError):
        services.confirm_still_accurate(article=ArticleFactory(), reviewer=reviewer)


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


def test_due_for_review_queryset(editor, reviewer):
    today = timezone.localdate()
    soon = full_article(live=False)
    publish(
        soon,
        editor=editor,
        reviewer=reviewer,
        now=timezone.now() - datetime.timedelta(days=350),
    )
    fresh = full_article()
    due = Article.objects.due_for_review(on=today, within_days=30)
    assert soon in due and fresh not in due


# 6. Shared records are reviewed where they are shown.


def test_editing_a_gloss_flags_live_articles_but_changes_nothing_public(client, editor, reviewer):
    condition = ConditionFactory(name="Stroke", slug="stroke", gloss="old gloss")
    shown = full_article(slug="shows-it")  # its emergency group lists Stroke
    other = full_article(slug="other", live=False)
    other_condition = ConditionFactory(slug="unrelated")
    EntryFactory(group__section__article=ArticleFactory(live=True), condition=other_condition)

    condition.gloss = "new gloss"
    condition.save()
    flagged = services.record_condition_change(
        condition=condition, by=editor, changes={"gloss": ("old gloss", "new gloss")}
    )

    assert flagged == [shown]
    assert Article.objects.get(pk=shown.pk).shared_changes_pending
    assert not Article.objects.get(pk=other.pk).shared_changes_pending
    assert "old gloss" in client.get("/symptoms/shows-it/").content.decode()
    assert "new gloss" not in client.get("/symptoms/shows-it/").content.decode()
    assert "Old gloss" in client.get("/conditions/stroke/").content.decode()
    event = ReviewEvent.objects.get(action=Action.GLOSS_CHANGE)
    assert "old gloss" in event.comment and event.article == shown

    revision = services.submit_for_review(article=shown, by=editor, summary="New stroke gloss")
    services.approve(revision=revision, reviewer=reviewer)
    assert not Article.objects.get(pk=shown.pk).shared_changes_pending
    assert "new gloss" in client.get("/symptoms/shows-it/").content.decode()


def test_approving_a_revision_frozen_before_a_gloss_change_keeps_the_flag(editor, reviewer):
    condition = ConditionFactory(name="Stroke", slug="stroke", gloss="old gloss")
    article = full_article()
    edit(article, editor, lead="Changed")
    revision = services.submit_for_review(article=article, by=editor, summary="before the gloss change")
    condition.gloss = "new gloss"
    condition.save()
    services.record_condition_change(condition=condition, by=editor, changes={"gloss": ("old gloss", "new gloss")})
    services.approve(revision=revision, reviewer=reviewer)
    assert Article.objects.get(pk=article.pk).shared_changes_pending


# Withdrawal.


def test_withdraw_gives_410_and_removes_from_listings(client, site_admin):
    article = full_article(slug="unsafe", question="What causes unsafe advice?")
    services.withdraw(article=article, by=site_admin, reason="Dosage error reported")
    response = client.get("/symptoms/unsafe/")
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "Dosage error" not in response.content.decode()  # internal reason stays internal
    assert "What causes unsafe advice?" not in client.get("/symptoms/").content.decode()
    assert "/symptoms/unsafe/" not in client.get("/sitemap.xml").content.decode()
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


# 7. Every review action is logged.


def test_every_action_writes_one_event_in_its_transaction(editor, reviewer, second_reviewer, site_admin):
    article = full_article(live=False)
    r1 = services.submit_for_review(article=article, by=editor, summary="one")
    services.request_changes(revision=r1, reviewer=reviewer, comment="fix")
    edit(article, editor, lead="fixed")
    r2 = services.submit_for_review(article=article, by=editor, summary="two")
    services.approve(revision=r2, reviewer=reviewer)
    services.confirm_still_accurate(article=article, reviewer=second_reviewer)
    services.withdraw(article=article, by=site_admin, reason="why")
    actions = list(ReviewEvent.objects.filter(article=article).order_by("seq").values_list("action", "actor__username"))
    assert actions == [
        ("submit", "editor"),
        ("request_changes", "reviewer"),
        ("submit", "editor"),
        ("approve", "reviewer"),
        ("confirm", "reviewer2"),
        ("withdraw", "siteadmin"),
    ]


def test_a_refused_action_logs_nothing(editor):
    article = full_article(live=False)
    services.submit_for_review(article=article, by=editor, summary="x")
    count = ReviewEvent.objects.count()
    with pytest.raises(services.ReviewError):
        services.submit_for_review(article=article, by=editor, summary="again")
    assert ReviewEvent.objects.count() == count


def test_events_are_append_only(editor):
    services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    event = ReviewEvent.objects.get()
    event.comment = "changed"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_a_stale_editor_save_never_undoes_a_signoff(editor, reviewer):
    article = full_article(live=False)
    stale = Article.objects.get(pk=article.pk)  # the admin loaded the form before the sign-off
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="x"), reviewer=reviewer)
    stale.lead = "Edited in a form opened before approval"
    stale.save()
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.live_revision_id is not None and fresh.lead == "Edited in a form opened before approval"


def test_approving_a_slug_another_live_article_uses_is_refused_not_a_500(editor, reviewer):
    ArticleFactory(slug="cramps", live=True)
    other = full_article(slug="leg-cramps", live=False)
    other.slug = "cramps-new"
    other.save()
    first = ArticleFactory.build(slug="cramps")  # a second working copy cannot take a used slug...
    assert first.slug == "cramps"
    # ...but a renamed one can clash with a live page whose working copy moved on.
    live = Article.objects.get(slug="cramps")
    edit(live, editor, slug="old-cramps")
    edit(other, editor, slug="cramps")
    revision = services.submit_for_review(article=other, by=editor, summary="take the slug")
    with pytest.raises(services.ReviewError, match="already uses the address"):
        services.approve(revision=revision, reviewer=reviewer)


def test_a_withdrawn_article_comes_back_by_approving_it_unchanged(client, editor, reviewer, site_admin):
    article = full_article(slug="back-unchanged")
    services.withdraw(article=article, by=site_admin, reason="Check the dose")
    revision = services.submit_for_review(article=article, by=editor, summary="Checked: no change needed")
    services.approve(revision=revision, reviewer=reviewer)
    assert client.get("/symptoms/back-unchanged/").status_code == 200


def test_backdated_events_in_another_time_zone_still_verify(editor):
    from zoneinfo import ZoneInfo

    from reviews.audit import verify_chain

    when = timezone.now().astimezone(ZoneInfo("America/New_York")) - datetime.timedelta(days=3)
    services.submit_for_review(article=full_article(live=False), by=editor, summary="x", now=when)
    assert verify_chain()[0] is None


def test_every_editor_since_the_last_revision_counts_as_an_author(editor):
    """A reviewer who also edits cannot approve their own words because someone else
    saved the article after them."""
    both = UserFactory(username="both", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(user=both, slug="both", display_name="Dr Both", credentials="MD")
    article = full_article()
    # The admin logs every save; this one is by the reviewer-editor.
    LogEntry.objects.log_actions(user_id=both.pk, queryset=[article], action_flag=CHANGE, change_message="edited")
    edit(article, editor, lead="Another editor saved last.")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert both.pk in revision.authors()
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)


def test_a_reviewer_who_changed_a_gloss_cannot_approve_the_revision_carrying_it(editor):
    both = UserFactory(username="glosser", groups=["Editors", "Medical reviewers"])
    ReviewerProfile.objects.create(user=both, slug="glosser", display_name="Dr Gloss", credentials="MD")
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="old")
    article = full_article()
    stroke.gloss = "new"
    stroke.save()
    services.record_condition_change(condition=stroke, by=both, changes={"gloss": ("old", "new")})
    revision = services.submit_for_review(article=article, by=editor, summary="new gloss")
    with pytest.raises(services.FourEyesError):
        services.approve(revision=revision, reviewer=both)
