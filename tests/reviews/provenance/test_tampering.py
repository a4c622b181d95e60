"""Tampering is found, never served (invariant 9): what someone with database access
alone tried in the audit, done here with queryset updates that skip every model guard."""

import hashlib
import json
import logging

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from articles.document import canonical_json, document_hash
from articles.models import ContentChange
from reviews.models import AuditHead, Publication, ReviewEvent, Revision, SignOff
from reviews.provenance import sealing
from reviews.workflow import services
from tests.factories import full_article, publish, reviewer_user
from tests.helpers import edit, sql_delete, sql_update

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]
TAMPERED = "TAMPERED: take 10x the usual dose."


def verify():
    call_command("verify_audit_log")


def test_an_untouched_site_verifies(live_publication, capsys):
    verify()
    assert "Audit log intact" in capsys.readouterr().out


def test_cutting_the_last_event_and_moving_the_head_back_is_found_by_the_anchor(live_publication):
    call_command("audit_anchor")
    last = ReviewEvent.objects.order_by("-seq").first()
    previous = ReviewEvent.objects.get(seq=last.seq - 1)
    sql_delete(ReviewEvent.objects.filter(pk=last.pk))
    AuditHead.objects.update(seq=previous.seq, hash=previous.hash)
    with pytest.raises(CommandError, match=f"event #{last.seq}, anchored at .* is gone"):
        verify()


def test_changing_an_approver_and_recomputing_the_chain_is_found(live_publication):
    impostor = reviewer_user("impostor", display_name="Dr Impostor")
    signoff = SignOff.objects.get()
    sql_update(SignOff.objects.filter(pk=signoff.pk), reviewer=impostor, reviewer_name="Dr Impostor")
    event = ReviewEvent.objects.get(action="approve")
    sql_update(ReviewEvent.objects.filter(pk=event.pk), actor=impostor, actor_name="Dr Impostor")
    # Recompute every link as the attacker can: plain SHA-256, or HMAC with a guessed key.
    previous = "0" * 64
    for row in ReviewEvent.objects.order_by("seq"):
        row.prev_hash = previous
        previous = hashlib.sha256(row.content().encode()).hexdigest()
        sql_update(ReviewEvent.objects.filter(pk=row.pk), prev_hash=row.prev_hash, hash=previous)
    AuditHead.objects.update(hash=previous)
    with pytest.raises(CommandError, match="was altered"):
        verify()


def test_a_changed_signoff_alone_is_found_by_its_seal(live_publication, capsys):
    sql_update(SignOff.objects.all(), credentials="MD, PhD, FRCP")
    with pytest.raises(CommandError):
        verify()
    assert "sign-off" in capsys.readouterr().err


def test_a_rewritten_live_snapshot_is_found_and_never_served(live_publication, client, caplog):
    assert client.get("/symptoms/cramps/").status_code == 200
    revision = Revision.objects.get(pk=live_publication.revision_id)
    snapshot = {**revision.snapshot, "lead": TAMPERED}
    # The attacker rehashes the snapshot and writes the new hash everywhere it is kept.
    new_hash = hashlib.sha256(canonical_json(snapshot)).hexdigest()
    assert new_hash == document_hash(snapshot)
    sql_update(
        Revision.objects.filter(pk=revision.pk), snapshot=json.loads(json.dumps(snapshot)), content_hash=new_hash
    )
    Publication.objects.filter(pk=live_publication.pk).update(content_hash=new_hash)
    sql_update(SignOff.objects.all(), content_hash=new_hash)

    cache.clear()  # the rendered page expired
    with caplog.at_level(logging.CRITICAL, logger="public.views.pages"):
        response = client.get("/symptoms/cramps/")
    assert response.status_code == 503 and TAMPERED not in response.content.decode()
    assert "does not match its sign-off" in caplog.text
    with pytest.raises(CommandError):
        verify()


def test_a_tampered_revision_cannot_be_signed(editor, reviewer):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    sql_update(Revision.objects.filter(pk=revision.pk), snapshot={**revision.snapshot, "lead": TAMPERED})
    revision.refresh_from_db()
    with pytest.raises(services.ReviewError, match="no longer matches"):
        services.approve(revision=revision, reviewer=reviewer)
    assert not Publication.objects.exists()


def test_f7_clearing_who_may_not_approve_a_revision_is_found(editor, capsys):
    """F7: clearing a revision's contributors (and its last editor) in SQL let the
    clinician approve their own lead, and verify said intact. They are sealed now."""
    clinician = reviewer_user("clinician")
    clinician.groups.add(*editor.groups.all())
    article = full_article(live=False)
    edit(article, clinician, lead="The clinician's own lead.")
    revision = services.submit_for_review(article=article, by=editor, summary="x")
    assert clinician.pk in revision.contributor_ids
    sql_update(Revision.objects.filter(pk=revision.pk), contributor_ids=[], last_edited_by=None)
    sql_delete(ContentChange.objects.filter(actor=clinician))  # and the history behind them
    revision.refresh_from_db()
    with pytest.raises(services.ReviewError):
        services.approve(revision=revision, reviewer=clinician)
    assert not Publication.objects.exists()
    with pytest.raises(CommandError) as broken:
        verify()
    said = str(broken.value) + capsys.readouterr().err
    assert f"revision {revision.pk} ({revision}): its seal does not match" in said
    assert "Content history broken" in said  # the history's rows deleted behind it


def test_a_revision_sealed_before_seals_covered_its_contributors_still_verifies(editor):
    revision = services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    legacy = sealing.seal(Revision.legacy_seal_kind, revision.legacy_seal_payload())
    sql_update(Revision.objects.filter(pk=revision.pk), seal=legacy)
    revision.refresh_from_db()
    assert revision.seal_intact()
    # A later seal never passes as an earlier one: the contributors stay covered.
    sql_update(Revision.objects.filter(pk=revision.pk), seal=revision.sealed().seal, contributor_ids=[editor.pk + 99])
    revision.refresh_from_db()
    assert not revision.seal_intact()


def saved_row(publication):
    """The publication's row as someone with database access would save it."""
    return {field.attname: getattr(publication, field.attname) for field in Publication._meta.concrete_fields}


def written_back(row):
    sql_update(Publication.objects.filter(pk=row["article_id"]), **{k: v for k, v in row.items() if k != "article_id"})
    cache.clear()


@pytest.mark.parametrize("then", ["withdrawn", "corrected"])
def test_f5_a_saved_publication_row_written_back_is_not_served(client, editor, reviewer, site_admin, then):
    """F5, replay: a row saved before a withdrawal (or a correction) and written back with
    its seal was served again by the page and the API, and verify said intact."""
    article = full_article(slug="cramps", live=False)
    publish(article, editor=editor, reviewer=reviewer)
    before = saved_row(Publication.objects.get(pk=article.pk))
    if then == "withdrawn":
        services.withdraw(article=article, by=site_admin, reason="a wrong dose")
    else:
        edit(article, editor, lead="The corrected lead.")
        publish(article, editor=editor, reviewer=reviewer)
    written_back(before)
    assert Publication.objects.get(pk=article.pk).seal_intact()  # the seal alone cannot tell
    assert client.get("/symptoms/cramps/").status_code == 503
    assert client.get("/api/v1/articles/cramps").status_code == 503
    with pytest.raises(CommandError, match=f"publication of article {article.pk}: it is not what the audit log"):
        verify()


@pytest.mark.parametrize(
    "column",
    [
        {"history": [{"date": "2020-01-01", "kind": "approved", "reviewer": "Dr Nobody"}]},
        {"reviewer_slug": "someone-else"},
        {"question": "Is ten times the dose fine?"},
        {"lead": TAMPERED},
    ],
)
def test_f6_a_publication_column_changed_in_sql_is_found_and_not_served(live_publication, client, column):
    """F6, in part: the review history, the byline's link and the question and lead that
    listings show were served as changed in SQL; the publication's seal covers them now."""
    sql_update(Publication.objects.filter(pk=live_publication.pk), **column)
    cache.clear()
    assert client.get(f"/symptoms/{live_publication.slug}/").status_code == 503
    with pytest.raises(CommandError, match=f"publication of article {live_publication.pk}: its seal does not match"):
        verify()


def test_a_publication_sealed_before_its_listing_columns_were_still_verifies(live_publication):
    legacy = sealing.seal(Publication.legacy_seal_kind, live_publication.legacy_seal_payload())
    sql_update(Publication.objects.filter(pk=live_publication.pk), seal=legacy)
    publication = Publication.objects.get(pk=live_publication.pk)
    assert publication.seal_intact()
    sql_update(Publication.objects.filter(pk=live_publication.pk), seal=live_publication.seal, lead=TAMPERED)
    assert not Publication.objects.get(pk=live_publication.pk).seal_intact()
