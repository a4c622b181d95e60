"""Recurring jobs (public/schedule.py): the daily link check, review reminders and mirror
export are enqueued by the workers themselves, once each however many workers look, run
by the worker as any job, retried after a failure, and shown on the review dashboard."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from public import export, schedule
from public.edge import purge_edge
from public.export import mirrors
from public.models import Recurring
from reviews.models import LinkCheck, LinkStatus
from reviews.operations import daily
from reviews.operations.links import Summary
from reviews.workflow import services
from tests.factories import ReferenceFactory, full_article, publish, two_live_articles
from tests.helpers import run_jobs_here
from tests.public.exports import verify

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
LINKS = daily.check_links_daily.module_path


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def waiting(path: str = LINKS) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path, status="READY").order_by("enqueued_at"))


@pytest.fixture
def only_links(settings):
    settings.RECURRING_JOBS = {"check_links": (LINKS, "04:15")}


def test_the_next_time_is_the_next_local_time_of_day_across_a_clock_change():
    with timezone.override(LONDON):
        # The clocks go forward on 28 March 2027: 04:15 that day is 03:15 UTC.
        assert schedule.next_time(datetime.time(4, 15), at("2027-03-27T05:00+00:00")) == at("2027-03-28T03:15+00:00")
        assert schedule.next_time(datetime.time(4, 15), at("2027-03-28T03:14+00:00")) == at("2027-03-28T03:15+00:00")
        assert schedule.next_time(datetime.time(4, 15), at("2027-03-28T03:15+00:00")) == at("2027-03-29T03:15+00:00")


def test_each_recurring_job_is_enqueued_once_at_its_time_then_again_after_it_ran(only_links, reviewer_client):
    dashboard = reverse("reviews:dashboard")
    assert "No check is waiting" in reviewer_client.get(dashboard).content.decode()
    now = at("2026-12-07T10:00+00:00")
    assert schedule.tick(now) == {"check_links": at("2026-12-08T04:15+00:00")}
    assert "The next check is due December 8, 2026, 04:15" in reviewer_client.get(dashboard).content.decode()
    assert schedule.tick(now) == {} and schedule.tick(now + datetime.timedelta(days=3)) == {}  # it waits
    [job] = waiting()
    assert job.run_after == at("2026-12-08T04:15+00:00") and job.queue_name == "daily"
    job.claim("test")
    assert schedule.tick(now) == {}  # it runs
    job.set_successful({})
    assert schedule.tick(at("2026-12-08T04:20+00:00")) == {"check_links": at("2026-12-09T04:15+00:00")}
    assert Recurring.objects.get().due == at("2026-12-09T04:15+00:00")


def test_two_workers_looking_at_once_enqueue_one_run(only_links, monkeypatch):
    """The second worker read the same latest run, but the first enqueued the next one
    before it: the second's compare-and-set fails and its job is rolled back."""
    next_run = schedule._next_run

    def another_worker_first(entry, latest, now):
        monkeypatch.setattr(schedule, "_next_run", next_run)
        assert schedule.tick(now) == {"check_links": schedule.next_time(entry.at, now)}
        return next_run(entry, latest, now)

    monkeypatch.setattr(schedule, "_next_run", another_worker_first)
    assert schedule.tick() == {}
    assert len(waiting()) == 1 and Recurring.objects.get().job == waiting()[0].id


def test_a_failed_run_is_retried_sooner_showing_why_on_the_dashboard(only_links, reviewer_client):
    now = at("2026-12-07T10:00+00:00")
    schedule.tick(now)
    for attempt, (after, due) in enumerate(
        [(60, "10:01"), (300, "10:05"), (1800, "10:30"), (3600, "11:00"), (3600, "11:00")]
    ):
        [job] = waiting()
        job.claim("test")
        job.set_failed(OSError(f"disk full {attempt}"))
        assert schedule.tick(now) == {"check_links": now + datetime.timedelta(seconds=after)}, due
    [job] = waiting()
    assert job.args_kwargs["kwargs"] == {"attempt": 5, "error": "OSError: disk full 4"}
    page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    assert "Check the reference links (daily): attempt 5 failed with “OSError: disk full 4”" in page
    # Never later than the next regular time: at 03:45, the retry is the 04:15 run.
    job.claim("test")
    job.set_failed(OSError("disk full"))
    assert schedule.tick(at("2026-12-08T03:45+00:00")) == {"check_links": at("2026-12-08T04:15+00:00")}


def test_a_link_check_no_server_answered_is_retried_and_says_so(only_links, monkeypatch, reviewer_client):
    """The network was down: nothing is recorded, the run fails, and the dashboard says why
    until a retry gets through (the dashboard would otherwise say the references were never
    checked)."""
    monkeypatch.setattr(daily, "check_links", lambda: Summary(cited=21, offline=True))
    schedule.tick(timezone.now() - datetime.timedelta(days=1))
    assert run_jobs_here() == 1
    assert DBTaskResult.objects.get().status == "FAILED"
    retry = schedule.tick()["check_links"]
    assert timezone.now() < retry <= timezone.now() + datetime.timedelta(seconds=60)
    [job] = waiting()
    assert "No server answered any of" in job.args_kwargs["kwargs"]["error"]
    page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    assert "Check the reference links (daily): attempt 1 failed with “NoNetwork: No server answered" in page


def test_a_planted_latest_run_of_another_job_holds_nothing_back(only_links, editor, reviewer):
    """Someone with database access points the link check's latest run at a waiting
    purge: the scheduler counts only runs of the link check itself."""
    purge = purge_edge.using(run_after=at("2099-01-01T00:00+00:00")).enqueue(1, {})
    Recurring.objects.create(name="check_links", job=purge.id)
    assert "check_links" in schedule.tick()
    assert len(waiting()) == 1


def test_the_worker_runs_each_daily_job_and_enqueues_the_next(settings, editor, reviewer, tmp_path):
    """The link check, the reminders and the mirror export, each run by the worker when
    due: their work done, then their next run waits for tomorrow."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "css").mkdir(parents=True)
    (settings.STATIC_ROOT / "css" / "site.css").write_text("body {}\n")
    settings.LINK_CHECK_ALLOW_PRIVATE_HOSTS = False
    article, _ = two_live_articles(editor=editor, reviewer=reviewer)
    ReferenceFactory(article=article, url="https://10.0.0.1/private")  # refused: no network needed
    publish(article, editor=editor, reviewer=reviewer)
    overdue = full_article(live=False)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    services.approve(
        revision=services.submit_for_review(article=overdue, by=editor, summary="x", now=long_ago),
        reviewer=reviewer,
        now=long_ago,
    )
    site = tmp_path / "site"
    export.export_site(site, static_root=settings.STATIC_ROOT)
    DBTaskResult.objects.all().delete()  # the sign-offs' mirror updates: not what is tested
    page = next(site.glob("symptoms/*/index.html"))
    page.write_text("stale")
    assert verify(site, settings.STATIC_ROOT)

    yesterday = timezone.now() - datetime.timedelta(days=1)
    assert set(schedule.tick(yesterday)) == {"check_links", "send_review_reminders", "export_mirrors"}
    assert run_jobs_here() == 3
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    assert LinkCheck.objects.get(url="https://10.0.0.1/private").status == LinkStatus.REFUSED
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert verify(site, settings.STATIC_ROOT) == [] and Path(page).read_text() != "stale"
    assert mirrors.locations() == [str(site)]
    due = schedule.tick()
    assert set(due) == set(settings.RECURRING_JOBS) and min(due.values()) > timezone.now()
    assert run_jobs_here() == 0


def test_bad_settings_are_named_by_the_system_check(settings):
    settings.RECURRING_JOBS = {
        "a": ("public.export.nothing_here", "04:00"),
        "b": ("public.schedule.tick", "04:00"),
        "c": (LINKS, "4.15"),
        "d": (LINKS, ""),  # turned off
    }
    errors = [error.msg for error in run_checks() if error.id == "public.E001"]
    assert len(errors) == 3
    assert "RECURRING_JOBS['b']: public.schedule.tick is not a task" in errors[1]
    assert "RECURRING_JOBS['c']: '4.15' is not a time of day as HH:MM" in errors[2]
    settings.RECURRING_JOBS = {"d": (LINKS, "")}
    assert schedule.entries() == []
