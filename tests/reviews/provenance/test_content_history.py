"""F7, the rest: the content history four eyes reads is a sealed chain
(articles/models/changes.py). Rows deleted or edited in SQL, or the history cut back past
what a submission saw, are found, and nobody may approve while it does not verify."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import ContentChange, ContentHead, verify_content_history
from reviews.models import Publication
from reviews.workflow import four_eyes, services
from tests.factories import clinician_user, full_article
from tests.helpers import edit, sql_delete, sql_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinicians_lead(editor):
    """A dual-role clinician wrote the lead of an article not yet live."""
    clinician = clinician_user()
    article = full_article(live=False)
    edit(article, clinician, lead="The clinician's own lead: take ten times the usual dose.")
    return clinician, article


def verify_fails(capsys, expected):
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    assert expected in capsys.readouterr().err


def test_the_history_is_a_chain_that_verifies(clinicians_lead):
    assert verify_content_history() == (None, ContentChange.objects.count())
    assert ContentHead.objects.get().seq == ContentChange.objects.count()


def test_f7_deleting_the_clinicians_history_rows_bars_every_approval_and_is_found(clinicians_lead, editor, capsys):
    """The rows that show the clinician wrote the lead, deleted before the submission: four
    eyes could not see them; now the gap they leave bars every approval."""
    clinician, article = clinicians_lead
    sql_delete(ContentChange.objects.filter(actor=clinician))
    sql_update(type(article).objects.filter(pk=article.pk), last_edited_by=editor)
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert clinician.pk not in revision.contributor_ids  # what the history shows now
    assert not four_eyes.may_approve(clinician.pk, revision)
    with pytest.raises(services.ReviewError, match="content history does not verify"):
        services.approve(revision=revision, reviewer=clinician)
    assert not Publication.objects.exists()
    verify_fails(capsys, "Content history broken: the content history ends at #")


def test_f7_a_history_row_given_to_someone_else_is_found(clinicians_lead, editor, capsys):
    clinician, article = clinicians_lead
    sql_update(ContentChange.objects.filter(actor=clinician), actor=editor)
    with pytest.raises(services.ReviewError, match="content history does not verify"):
        services.submit_for_review(article=article, by=editor, summary="x")
    verify_fails(capsys, "was altered")


def test_f7_cutting_the_history_back_past_a_submission_is_found(clinicians_lead, editor, capsys):
    """The newest rows deleted and the head moved back (which leaves no gap): the
    submission's audit event recorded the head it saw."""
    clinician, article = clinicians_lead
    services.submit_for_review(article=article, by=editor, summary="x")
    kept = ContentChange.objects.exclude(actor=clinician).order_by("-seq").first()
    cut = ContentChange.objects.filter(seq__gt=kept.seq)
    assert cut.filter(actor=clinician).exists()
    sql_delete(cut)
    sql_update(ContentHead.objects.all(), seq=kept.seq, hash=kept.hash)
    assert verify_content_history()[0] is None  # the chain alone cannot tell
    verify_fails(capsys, "which submission event #")
