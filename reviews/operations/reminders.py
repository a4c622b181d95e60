"""Daily reminders of due and overdue reviews, one mail per reviewer per day."""

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from reviews.provenance.models import Decision, ReviewerProfile, SignOff
from reviews.readmodel.models import Publication

from .models import ReminderLog


def assignments(*, today):
    """{profile: [publications]}: each due or overdue article goes to whoever signed it
    last; if that reviewer is inactive, to every active reviewer so nothing is orphaned."""
    articles = list(
        Publication.objects.due_for_review(on=today, within_days=settings.REVIEW_DUE_SOON_DAYS)
        .defer("history")
        .order_by("next_review_due", "title")
    )
    last_signer: dict[int, int] = {}
    signoffs = (
        SignOff.objects.filter(
            revision__article__in=[a.pk for a in articles], decision__in=[Decision.APPROVED, Decision.CONFIRMED]
        )
        .order_by("revision__article", "-signed_at", "-pk")
        .values_list("revision__article", "profile")
    )
    for article_id, profile_id in signoffs:
        last_signer.setdefault(article_id, profile_id)
    active = {p.pk: p for p in ReviewerProfile.objects.filter(active=True).select_related("user")}
    out: defaultdict[ReviewerProfile, list[Publication]] = defaultdict(list)
    for article in articles:
        owner = active.get(last_signer.get(article.pk, 0))
        for profile in [owner] if owner else active.values():
            out[profile].append(article)
    return out


def send_reminders(*, today):
    """Send today's reminders; returns ([(profile, count)], [profiles already reminded])."""
    sent, skipped = [], []
    for profile, articles in sorted(assignments(today=today).items(), key=lambda item: item[0].display_name):
        if not profile.user.email:
            continue
        try:
            with transaction.atomic():
                # The log row is the once-a-day lock: a second run the same day fails here.
                ReminderLog.objects.create(reviewer=profile, sent_on=today, article_count=len(articles))
                context = {
                    "profile": profile,
                    "overdue": [a for a in articles if a.next_review_due < today],
                    "due": [a for a in articles if a.next_review_due >= today],
                    "dashboard": settings.SITE_URL + reverse("reviews:dashboard"),
                    "today": today,
                    "SITE_URL": settings.SITE_URL,
                    "SITE_NAME": settings.SITE_NAME,
                }
                body = render_to_string("reviews/reminder_email.txt", context)
                reminder(len(articles), body, profile.user.email).send()
        except IntegrityError:
            skipped.append(profile)
            continue
        sent.append((profile, len(articles)))
    return sent, skipped


def reminder(count: int, body: str, to: str) -> EmailMessage:
    """The reminder mail: marked as sent by a machine (RFC 3834, so auto-responders stay
    quiet), with a Message-ID in the site's own domain rather than this host's name."""
    noun = "article is" if count == 1 else "articles are"
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return EmailMessage(
        subject=f"{count} {noun} due for medical review",
        body=body,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", "Message-ID": make_msgid(domain=domain)},
    )
