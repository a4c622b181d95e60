"""What the public site's background jobs (django-tasks, run by `manage.py run_jobs`)
share: they start once the read replica has the change that enqueued them, and a job
that fails enqueues itself again with backoff, saying why. The review dashboard reads
``attempt`` and ``error`` from a retried job's arguments (reviews/operations/jobs.py)."""

import datetime
from typing import Any, NoReturn

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskContext
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from reviews.readmodel.clock import announce
from reviews.readmodel.models import PublicationClock

from . import replica

BACKOFF = (1, 2, 5, 10, 30, 60)  # seconds before each retry; then every minute


class Retried(Exception):
    """The job failed and is enqueued again."""


def backoff(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=BACKOFF[min(attempt, len(BACKOFF) - 1)])


def retry(job: Task[..., Any], *args: Any, attempt: int, why: str) -> NoReturn:
    """Enqueue ``job`` with ``args`` again after its backoff, and fail this run."""
    job.using(run_after=timezone.now() + backoff(attempt)).enqueue(*args, attempt=attempt + 1, error=why)
    raise Retried(f"Failed (attempt {attempt + 1}, retried): {why}")


def primary_clock() -> int:
    """The publication clock's version on the primary, where the change that enqueued the
    job is: what a purge announces, what an export was made at."""
    clock = PublicationClock.objects.using("default").filter(pk=1).values_list("version", flat=True)
    return clock.first() or 0


def replica_unready(context: TaskContext) -> str | None:
    """Wait until the replica readers are served from has the change that enqueued the
    job (the job's own row, written in the change's transaction), then make every process
    read again what it kept; why not, if the replica has not within REPLICA_PIN_SECONDS.
    Until then, pages would be made from the old state."""
    if not replica.wait_for_row(DBTaskResult, context.task_result.id, settings.REPLICA_PIN_SECONDS):
        return f"the replica has not replayed the change within {settings.REPLICA_PIN_SECONDS} s"
    # Processes (this worker too) may have kept what they read from the replica before it
    # had the change, under the generation the commit announced: make them read it again.
    announce()
    return None
