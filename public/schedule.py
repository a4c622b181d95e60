"""Recurring jobs: the reference link check, the review reminders and the full export of
each static mirror run daily as background jobs that the workers (`manage.py run_jobs`)
enqueue themselves, not from cron on one host.

RECURRING_JOBS names each one's task and local time (TIME_ZONE). Each worker, when it
starts and every JOB_LEASE_SECONDS / 10 seconds, looks at each recurring job's latest run
(``Recurring``): while it waits or runs, nothing; once it has finished, the next run is
enqueued at the next local time; after a failure, sooner (RETRY_AFTER), carrying the
attempt and the error for the review dashboard. Workers on several hosts enqueue each run
once: the run is recorded by a compare-and-set on the latest run's id, in the transaction
that enqueues it. A worker down at the time runs the job late when it starts again (once).
"""

import datetime
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from .models import Recurring

logger = logging.getLogger(__name__)

# After a failed run: seconds until the next try (then hourly), never after the next regular time.
RETRY_AFTER = (60, 300, 1800, 3600)
TIME = re.compile(r"(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)")


@dataclass(frozen=True)
class Entry:
    name: str
    task: Task[..., Any]
    at: datetime.time


def parse_time(text: str) -> datetime.time:
    if not (match := TIME.fullmatch(text)):
        raise ValueError(f"{text!r} is not a time of day as HH:MM (24-hour), e.g. 04:15.")
    return datetime.time(int(match["hour"]), int(match["minute"]))


def entries() -> list[Entry]:
    """The recurring jobs RECURRING_JOBS turns on (an empty time turns one off)."""
    return [
        Entry(name, import_string(path), parse_time(at)) for name, (path, at) in settings.RECURRING_JOBS.items() if at
    ]


def next_time(at: datetime.time, now: datetime.datetime) -> datetime.datetime:
    """The first local time of day ``at`` after ``now``."""
    day = timezone.localtime(now).date()
    while (when := timezone.make_aware(datetime.datetime.combine(day, at))) <= now:
        day += datetime.timedelta(days=1)
    return when


def failure(job: DBTaskResult) -> str:
    """What a failed run raised, in one line, the exception named without its module."""
    lines = [line for line in job.traceback.strip().splitlines() if line.strip()]
    name, colon, message = (lines[-1] if lines else job.exception_class_path).partition(": ")
    return (name.rsplit(".", 1)[-1] + colon + message)[:500]


def _next_run(entry: Entry, latest: DBTaskResult | None, now: datetime.datetime) -> tuple[datetime.datetime, dict]:
    """When the run after ``latest`` is due, and its arguments."""
    regular = next_time(entry.at, now)
    if latest is None or latest.status != "FAILED":
        return regular, {}
    attempt = int(latest.args_kwargs.get("kwargs", {}).get("attempt", 0))
    retry = now + datetime.timedelta(seconds=RETRY_AFTER[min(attempt, len(RETRY_AFTER) - 1)])
    return min(retry, regular), {"attempt": attempt + 1, "error": failure(latest)}


def schedule(entry: Entry, now: datetime.datetime) -> datetime.datetime | None:
    """Enqueue the next run of ``entry`` if its latest has finished; when it is due."""
    row, _ = Recurring.objects.get_or_create(name=entry.name)
    # Only a run of this very task counts (a planted id of another job waits for nothing).
    latest = DBTaskResult.objects.filter(pk=row.job, task_path=entry.task.module_path).first() if row.job else None
    if latest is not None and latest.status in ("READY", "RUNNING"):
        return None
    due, kwargs = _next_run(entry, latest, now)
    with transaction.atomic():
        job = entry.task.using(run_after=due).enqueue(**kwargs)
        # Another worker that read the same latest run got here first: its run stands.
        if not Recurring.objects.filter(name=entry.name, job=row.job).update(job=job.id, due=due):
            transaction.set_rollback(True)
            return None
    return due


def tick(now: datetime.datetime | None = None) -> dict[str, datetime.datetime]:
    """Enqueue each recurring job's next run that is not enqueued yet; {name: when due}."""
    now = now or timezone.now()
    enqueued = {}
    for entry in entries():
        try:
            if (due := schedule(entry, now)) is not None:
                enqueued[entry.name] = due
        except DatabaseError:
            logger.exception("Could not enqueue the next run of the recurring job %s.", entry.name)
    for name, due in enqueued.items():
        logger.info("Recurring job %s: next run at %s.", name, timezone.localtime(due).isoformat())
    return enqueued


@register()
def check_recurring_jobs(**kwargs: Any) -> list[Error]:
    """RECURRING_JOBS: each task importable as a task, each time HH:MM or empty."""
    errors = []
    for name, value in settings.RECURRING_JOBS.items():
        try:
            path, at = value
            if not isinstance(import_string(path), Task):
                raise TypeError(f"{path} is not a task (django_tasks' @task).")
            if at:
                parse_time(at)
        except (ImportError, TypeError, ValueError) as exc:
            errors.append(Error(f"RECURRING_JOBS[{name!r}]: {exc}", id="public.E001"))
    return errors
