"""Run background jobs (django-tasks' database worker), taking back the jobs of workers
that stopped without finishing them, and enqueueing the recurring jobs' next runs.

A worker that is killed mid-job leaves its job marked as running. This worker names
itself by host and process (``host:pid``); every JOB_LEASE_SECONDS / 10 seconds, and when
it starts, it puts back in the queue each running job whose worker was a process of this
host that no longer exists, and each running job of a worker on another host that started
more than JOB_LEASE_SECONDS ago (that worker is presumed gone). Jobs are written to be run
again safely (an edge purge, an export). At the same times it enqueues the next run of
each recurring job (RECURRING_JOBS, public/schedule.py) whose latest run has finished.

    python manage.py run_jobs [--interval 0.1] [--batch] [--queue-name default]
"""

import datetime
import logging
import os
import socket
import threading
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from public import schedule

logger = logging.getLogger(__name__)


def worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _gone(worker: str, host: str) -> bool:
    """Whether ``worker`` (``host:pid``) was a process of ``host`` that no longer runs."""
    name, _, pid = worker.rpartition(":")
    if name != host or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # it runs, as another user
        return False
    try:  # killed, but not yet reaped by its parent: gone all the same
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return False


def _abandoned(job: DBTaskResult, host: str, lease: datetime.datetime) -> bool:
    """A worker of this host is judged by its process (a daily job may run for longer than
    the lease); one of another host, by the lease."""
    worker = job.worker_ids[-1] if job.worker_ids else ""
    if worker.rpartition(":")[0] == host:
        return _gone(worker, host)
    return job.started_at is not None and job.started_at < lease


def release_abandoned(now: datetime.datetime | None = None) -> int:
    """Put the jobs of workers that stopped mid-job back in the queue; how many."""
    now = now or timezone.now()
    host = socket.gethostname()[:40]
    lease = now - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    running = DBTaskResult.objects.running().only("pk", "worker_ids", "started_at")
    abandoned = [job.pk for job in running if _abandoned(job, host, lease)]
    released = DBTaskResult.objects.running().filter(pk__in=abandoned).update(status="READY", started_at=None)
    if released:
        logger.warning("Put %s job(s) of stopped workers back in the queue.", released)
    return released


def housekeeping() -> None:
    """Take back the jobs of stopped workers; enqueue the recurring jobs' next runs."""
    try:
        release_abandoned()
    except Exception:
        logger.exception("Could not look for the jobs of stopped workers.")
    schedule.tick()


def _keep_house(stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            housekeeping()
        except Exception:
            logger.exception("Background jobs' housekeeping failed.")
        finally:
            connection.close()


class Command(db_worker.Command):
    help = "Run background jobs; jobs of workers that stopped mid-job run again."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # Every queue unless told (--queue-name default: the edge's purges only).
        parser.set_defaults(worker_id=worker_id(), reload=False, startup_delay=False, queue_name="*")

    def handle(self, *args: Any, **options: Any) -> None:
        # What the jobs use, loaded before the first one: its time counts towards a purge's.
        import_module("public.export")
        housekeeping()
        stop = threading.Event()
        every = max(settings.JOB_LEASE_SECONDS / 10, 1)
        threading.Thread(target=_keep_house, args=(stop, every), daemon=True, name="housekeeping").start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
