"""file_report and resolve_report: a reader's report, tied to what they read, closed with a note."""

import pytest
from django.core.exceptions import PermissionDenied

from reviews import services
from reviews.models import Publication
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
