"""The daily jobs of the review side, which the workers enqueue themselves
(RECURRING_JOBS, public/schedule.py): the reference link check and the review reminders.
Their commands (`check_links`, `send_review_reminders`) run the same work at once.

``attempt`` and ``error`` say, after a failed run, which try this is and why the last one
failed: the review dashboard shows them (jobs.py)."""

from typing import Any

from django.utils import timezone
from django_tasks import task

from .links import check_links
from .reminders import send_reminders


class NoNetwork(Exception):
    """No server answered: nothing was recorded, and the check is tried again sooner."""


@task(queue_name="daily")
def check_links_daily(attempt: int = 0, error: str = "") -> dict[str, Any]:
    """Check the reference URLs of live and waiting revisions (settings give the limits).
    A run that no server answered fails, so that it is retried and the dashboard says why
    (the command, a report, exits 0 instead)."""
    summary = check_links()
    if summary.offline:
        raise NoNetwork(summary.warning())
    return {"lines": summary.lines()}


@task(queue_name="daily")
def send_reminders_daily(attempt: int = 0, error: str = "") -> dict[str, Any]:
    """Email each active reviewer their due and overdue articles, once a day."""
    sent, skipped = send_reminders(today=timezone.localdate())
    return {"sent": len(sent), "skipped": len(skipped)}
