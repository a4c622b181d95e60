"""The audit log is a hash chain; verify_audit_log finds the first altered or removed event."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from reviews.models import AuditHead, ReviewEvent
from reviews.provenance.audit import verify_chain
from reviews.workflow import services
from tests.factories import full_article
from tests.helpers import edit, sql_delete, sql_update

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]


@pytest.fixture
def chain(editor, reviewer, site_admin):
    for _ in range(3):
        article = full_article(live=False)
        revision = services.submit_for_review(article=article, by=editor, summary="x")
        services.approve(revision=revision, reviewer=reviewer, comment="ok")
    return list(ReviewEvent.objects.order_by("seq"))


def test_each_event_links_to_the_previous_hash(chain):
    assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
    assert chain[0].prev_hash == "0" * 64
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.hash
    assert all(e.hash == e.compute_hash() for e in chain)
    assert AuditHead.objects.get().hash == chain[-1].hash


def test_verify_passes_on_an_intact_log(chain, capsys):
    call_command("verify_audit_log")
    assert f"{len(chain)} event(s) verified" in capsys.readouterr().out


def test_verify_reports_an_altered_event(chain):
    sql_update(ReviewEvent.objects.filter(seq=3), comment="approved, honestly")  # a row changed behind our back
    with pytest.raises(CommandError, match="event #3 was altered"):
        call_command("verify_audit_log")


def test_verify_reports_a_rehashed_event_by_the_broken_link(chain):
    event = ReviewEvent.objects.get(seq=2)
    event.actor_name = "someone else"
    sql_update(ReviewEvent.objects.filter(seq=2), actor_name="someone else", hash=event.compute_hash())
    problem, _ = verify_chain()
    assert problem == "event #3 does not follow event #2 (chain link altered)"


def test_verify_reports_a_removed_event(chain):
    sql_delete(ReviewEvent.objects.filter(seq=2))  # below the ORM, which refuses it
    with pytest.raises(CommandError, match="event #2 is missing"):
        call_command("verify_audit_log")


def test_verify_reports_a_removed_last_event(chain):
    sql_delete(ReviewEvent.objects.filter(seq=len(chain)))
    with pytest.raises(CommandError, match="events were removed"):
        call_command("verify_audit_log")


def test_verify_reports_a_head_moved_back_with_the_events_left(chain):
    """The walk stops at the head (what was committed with it), so events past it are
    looked for apart: a head moved back is not taken for the chain's end."""
    kept = ReviewEvent.objects.get(seq=len(chain) - 1)
    sql_update(AuditHead.objects.all(), seq=kept.seq, hash=kept.hash)
    assert verify_chain()[0] == f"event #{len(chain)} lies past the chain head, which records #{kept.seq}: " + (
        "the head was moved back"
    )


@pytest.mark.unattributed  # no set-up account, so no account event either
def test_verify_passes_on_an_empty_log(db, capsys):
    call_command("verify_audit_log")
    assert "0 event(s) verified" in capsys.readouterr().out


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


def test_events_are_append_only(editor):
    services.submit_for_review(article=full_article(live=False), by=editor, summary="x")
    event = ReviewEvent.objects.get(action="submit")
    event.comment = "changed"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_backdated_events_in_another_time_zone_still_verify(editor):
    when = timezone.now().astimezone(ZoneInfo("America/New_York")) - datetime.timedelta(days=3)
    services.submit_for_review(article=full_article(live=False), by=editor, summary="x", now=when)
    assert verify_chain()[0] is None
