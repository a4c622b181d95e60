"""Background jobs (django-tasks, run by `manage.py run_jobs`) that failed and wait to run
again, for the review dashboard: while one is there, some change has not reached readers
everywhere yet (an edge cache still serves the old page)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

SHOWN = 5
LATE = timedelta(minutes=1)  # a job due this long ago that no worker has started: is run_jobs running?
# What each job does, as staff read it (the job's path is only a name here: no import).
PURPOSES = {
    "public.edge.purge_edge": "Purge the edge cache of the pages a sign-off or withdrawal changed",
    "public.export.update_mirror": "Update the static mirror's pages a sign-off or withdrawal changed",
    "public.export.export_mirrors": "Export the whole site to every static mirror (daily)",
    "reviews.operations.daily.check_links_daily": "Check the reference links (daily)",
    "reviews.operations.daily.send_reminders_daily": "Email reviewers their due and overdue articles (daily)",
}
LINK_CHECK = "reviews.operations.daily.check_links_daily"


@dataclass(frozen=True)
class RetryingJob:
    purpose: str
    article_id: int | None
    attempt: int
    error: str
    next_try: datetime | None


RETRYING = Q(status="READY", args_kwargs__kwargs__attempt__gte=1)


def counts(now: datetime | None = None) -> dict[str, int]:
    """In one query: ``retrying``, the jobs waiting to run again after a failure (a job that
    retries itself carries its ``attempt`` number and the previous ``error``: public/edge.py);
    ``late``, the jobs due for over LATE that no worker has started (the purges of an edge
    nobody runs `manage.py run_jobs` for, say)."""
    since = (now or timezone.now()) - LATE
    due = Q(run_after__year=9999) | Q(run_after__lte=since)  # django-tasks-db's "no delay" is the largest date
    late = Q(due, status="READY", enqueued_at__lte=since)
    return DBTaskResult.objects.aggregate(retrying=Count("pk", filter=RETRYING), late=Count("pk", filter=late))


def retrying() -> list[RetryingJob]:
    """The SHOWN oldest jobs waiting to run again after a failure."""
    return [
        RetryingJob(
            purpose=PURPOSES.get(job.task_path, job.task_path),
            article_id=(job.args_kwargs.get("args") or [None])[0],
            attempt=job.args_kwargs["kwargs"]["attempt"],
            error=job.args_kwargs["kwargs"].get("error", ""),
            next_try=job.run_after if job.run_after.year < 9999 else None,
        )
        for job in DBTaskResult.objects.filter(RETRYING).order_by("enqueued_at")[:SHOWN]
    ]


def next_run(task_path: str) -> datetime | None:
    """When the next run of the job ``task_path`` waiting in the queue is due (None if none
    waits: its recurring job is turned off, or no worker has started yet)."""
    waiting = DBTaskResult.objects.filter(status="READY", task_path=task_path).order_by("run_after")
    due = waiting.values_list("run_after", flat=True).first()
    return due if due is None or due.year < 9999 else timezone.now()
