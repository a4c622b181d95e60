"""The sealed record is append-only: what a reviewer read and signed is never changed or
deleted through the ORM (and, below it, PROTECT keeps it)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from reviews.provenance.models import Revision, SignOff
from reviews.workflow import services
from tests.factories import full_article, publish
from tests.helpers import sql_delete

pytestmark = pytest.mark.django_db


def test_revisions_cannot_be_changed_or_deleted(editor):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    revision.summary = "rewritten"
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.delete()
    assert Revision.objects.get(pk=revision.pk).summary == "x"


def test_revisions_and_signoffs_are_not_changed_or_deleted_in_bulk_either(editor, reviewer):
    revision = publish(full_article(live=False), editor=editor, reviewer=reviewer)
    for rows in (Revision.objects.filter(pk=revision.pk), SignOff.objects.filter(revision=revision)):
        with pytest.raises(ValidationError):
            rows.update(content_hash="0" * 64)
        with pytest.raises(ValidationError):
            rows.delete()
    assert Revision.objects.get(pk=revision.pk).content_hash == revision.content_hash


def test_below_the_orm_the_database_still_keeps_a_signed_revision(editor, reviewer):
    """Someone with database access deletes the revision a sign-off names: the foreign key
    refuses it (checked now, as the commit would)."""
    revision = publish(full_article(live=False), editor=editor, reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        sql_delete(Revision.objects.filter(pk=revision.pk))
        connection.check_constraints()
    assert Revision.objects.filter(pk=revision.pk).exists()


def test_an_article_with_a_revision_cannot_be_deleted(editor, reviewer):
    article = full_article(live=False)
    publish(article, editor=editor, reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        article.delete()  # PROTECT: the review record outlives the working copy


def test_a_signoff_cannot_be_changed_or_deleted(editor, reviewer):
    signoff = publish(full_article(live=False), editor=editor, reviewer=reviewer).signoffs.get()
    signoff.comment = "a different comment"
    with pytest.raises(ValidationError, match="cannot be changed"):
        signoff.save()
    with pytest.raises(ValidationError):
        signoff.delete()
    assert SignOff.objects.get(pk=signoff.pk).comment == ""
