"""file_report and resolve_report: a reader's report, tied to what they read, closed with a note."""

import pytest
from django.core.exceptions import PermissionDenied

from reviews.provenance.audit import verify_chain
from reviews.provenance.models import Action, ReviewEvent
from reviews.readmodel.models import Publication
from reviews.workflow import services
from tests.factories import full_article, live_revision
from tests.helpers import edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    article = full_article()
    return services.file_report(
        publication=Publication.objects.get(article=article), message="The dose is wrong.", email=""
    )


def test_a_report_records_the_live_revision_the_reader_saw(report, editor, reviewer):
    article = report.article
    assert report.revision == live_revision(article)
    edit(article, editor, lead="A new lead")
    services.approve(revision=services.submit_for_review(article=article, by=editor, summary="x"), reviewer=reviewer)
    report.refresh_from_db()
    assert report.revision.number == 1


def test_reviewers_resolve_with_a_note(report, reviewer):
    resolved = services.resolve_report(report=report, by=reviewer, note="  Checked: the dose is right.  ")
    assert resolved.resolved_by == reviewer and resolved.resolution_note == "Checked: the dose is right."
    with pytest.raises(services.ReviewError, match="already resolved"):
        services.resolve_report(report=report, by=reviewer, note="again")


def test_resolving_needs_a_note_and_the_right(report, reviewer, editor):
    with pytest.raises(services.ReviewError, match="Say what was done"):
        services.resolve_report(report=report, by=reviewer, note="  ")
    with pytest.raises(PermissionDenied):
        services.resolve_report(report=report, by=editor, note="fixed")
    report.refresh_from_db()
    assert report.resolved_at is None


def test_filing_and_resolving_each_append_an_audit_event_without_the_readers_words(reviewer):
    article = full_article()
    report = services.file_report(
        publication=Publication.objects.get(article=article), message="Wrong dose, mail me", email="r@example.org"
    )
    filed = ReviewEvent.objects.get(action=Action.REPORT_FILED)
    assert (filed.article, filed.revision, filed.actor, filed.actor_name) == (
        article,
        report.revision,
        None,
        "a reader",
    )
    assert filed.data == {"report": report.pk}
    assert "dose" not in filed.content() and "r@example.org" not in filed.content()

    services.resolve_report(report=report, by=reviewer, note="Checked against the leaflet.")
    resolved = ReviewEvent.objects.get(action=Action.REPORT_RESOLVED)
    assert (resolved.actor, resolved.comment, resolved.data) == (reviewer, "Checked against the leaflet.", filed.data)
    assert verify_chain() == (None, ReviewEvent.objects.count())


def test_a_refused_resolution_appends_nothing(report, editor):
    before = ReviewEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.resolve_report(report=report, by=editor, note="fixed")
    assert ReviewEvent.objects.count() == before
