import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from reviews.models import ReminderLog
from reviews.workflow import services
from tests.factories import full_article

pytestmark = pytest.mark.django_db


def signed(editor, reviewer, days_ago):
    article = full_article(live=False)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    revision = services.submit_for_review(article=article, by=editor, summary="x", now=when)
    services.approve(revision=revision, reviewer=reviewer, now=when)
    return article


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_each_reviewer_gets_their_due_and_overdue_articles(editor, reviewer, second_reviewer):
    overdue = signed(editor, reviewer, 400)
    due = signed(editor, reviewer, 350)
    signed(editor, reviewer, 10)  # not due
    theirs = signed(editor, second_reviewer, 360)

    call_command("send_review_reminders")

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {reviewer.email, second_reviewer.email}
    body = by_recipient[reviewer.email].body
    assert "OVERDUE" in body and overdue.title in body
    assert "DUE SOON" in body and due.title in body
    assert theirs.title not in body
    assert theirs.title in by_recipient[second_reviewer.email].body
    assert by_recipient[reviewer.email].subject == "2 articles are due for medical review"
    assert by_recipient[second_reviewer.email].subject == "1 article is due for medical review"


def test_reminders_say_they_are_automatic_and_come_from_the_sites_domain(editor, reviewer, settings):
    settings.SITE_URL = "https://symptoms.example.org"
    signed(editor, reviewer, 400)
    call_command("send_review_reminders")
    message = mail.outbox[0].message()
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@symptoms.example.org>")


def test_at_most_one_mail_per_reviewer_per_day(editor, reviewer, capsys):
    signed(editor, reviewer, 400)
    call_command("send_review_reminders")
    call_command("send_review_reminders")
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1
    assert "already reminded today" in capsys.readouterr().out


def test_articles_of_an_inactive_reviewer_go_to_every_active_reviewer(editor, reviewer, second_reviewer):
    article = signed(editor, reviewer, 400)
    profile = reviewer.reviewer_profile
    profile.active = False
    profile.save()
    call_command("send_review_reminders")
    assert [m.to[0] for m in mail.outbox] == [second_reviewer.email]
    assert article.title in mail.outbox[0].body


def test_nothing_due_sends_nothing(editor, reviewer):
    signed(editor, reviewer, 5)
    call_command("send_review_reminders")
    assert mail.outbox == []


def test_a_failed_send_is_retried_next_run(editor, reviewer, monkeypatch):
    signed(editor, reviewer, 400)

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(OSError):
        call_command("send_review_reminders")
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    call_command("send_review_reminders")
    assert len(mail.outbox) == 1
