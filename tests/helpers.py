"""Small helpers the tests share: editing as the admin does, reading a public page, a
server on a loopback port."""

import socket
import subprocess
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from articles.history import acting_as


def edit(record, editor, **fields):
    """What the admin does when ``editor`` saves a record of the working copy (an
    article, or a shared record such as a condition)."""
    for name, value in fields.items():
        setattr(record, name, value)
    if hasattr(record, "last_edited_by"):
        record.last_edited_by = editor
    with acting_as(editor):
        record.save()
    return record


def h1(client: Client, slug: str) -> str:
    page = client.get(f"/symptoms/{slug}/").content.decode()
    return page.split('<h1 id="article-title">')[1].split("</h1>")[0]


SOME_PUBLIC_PAGES = ["/", "/symptoms/", "/conditions/", "/sitemap.xml", "/feeds/reviewed/", "/search/?q=weakness"]


def public_pages(client: Client, slugs) -> dict[str, tuple[int, bytes]]:
    """Status and body of the listing pages and the given articles' pages, each rendered
    afresh: what a reader would see, to compare before and after an operation."""
    out = {}
    for url in SOME_PUBLIC_PAGES + [f"/symptoms/{slug}/" for slug in slugs]:
        cache.clear()
        response = client.get(url)
        out[url] = (response.status_code, response.content)
    return out


def login(client: Client, user, *, second_factor: bool | None = None) -> Client:
    """Log ``user`` in as the login wizard would: with a verified second factor for
    those who need one (or when ``second_factor``), and their identity freshly confirmed."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reviews.accounts.security import CONFIRMED_AT, needs_second_factor

    client.force_login(user)
    session = client.session
    if second_factor or (second_factor is None and needs_second_factor(user)):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[CONFIRMED_AT] = int(time.time())
    session.save()
    return client


class _FormReader(HTMLParser):
    """The fields of one form of a page, as a browser sends them."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []
        self.option: dict | None = None

    def add(self, name, value):
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.add(name, a.get("value") or "on")
                return
            self.add(name, a.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in a), []
        elif tag == "option" and self.select:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data
        if self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.add(self.textarea, unescape(self.text).removeprefix("\n").replace("\r\n", "\n"))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value = self.option["value"] if self.option["value"] is not None else self.option["text"].strip()
            self.options.append((value, self.option["selected"]))
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [v for v, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            for value in chosen:
                self.add(name, value)
            self.select = None


def browser_form(html: str, form_id: str) -> dict[str, list[str]]:
    """The fields a browser would send for the form ``form_id`` of ``html``, as the article
    editor's script sends them: without the blank templates nested_admin clones rows from
    (names with ``__prefix__``). Values are lists, ready for ``client.post``."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data


def relations(app_label: str):
    """Each (model, field, related model) by which a model of ``app_label`` points at
    another: the relations it declares, not the reverse ones others declare at it."""
    from django.apps import apps

    for model in apps.get_app_config(app_label).get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is not None and (field.concrete or field.many_to_many):
                yield model, field, related


def sql_update(queryset, **values) -> int:
    """What someone with database access does: an UPDATE that no guard of the application
    sees (append-only querysets refuse ``update``; this is the statement itself)."""
    from django.db import models

    return models.QuerySet.update(queryset, **values)


def sql_delete(queryset) -> int:
    """A DELETE below the ORM: no guard, no collector, no PROTECT check in Python."""
    return queryset._raw_delete(queryset.db)


def free_port() -> int:
    """A loopback port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    """Return once ``server`` accepts connections on ``port``; fail with its log if it
    stops or does not within 30 s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server on port {port} stopped:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server on port {port} did not start:\n{log.read_text()}")


def run_jobs_here() -> int:
    """Run the background jobs that are due in this process, inside the test's transaction
    (``manage.py run_jobs`` closes connections, which that transaction cannot survive), as
    the worker runs each one; how many ran. A job's retries are due later: not run."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while (job := DBTaskResult.objects.ready().order_by("-priority", "run_after", "enqueued_at").first()) is not None:
        job.claim(worker.worker_id)
        worker.run_task(job)
        ran += 1
    return ran
