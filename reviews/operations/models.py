"""What operations keep: what the reference link checker (reviews/operations/links.py,
``manage.py check_links``) found, one LinkCheck per URL and where live and waiting
revisions cite it; and which reviewers were reminded on which day (ReminderLog)."""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus

from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from articles.models import Article
from reviews.provenance.models import ReviewerProfile, Revision, SignOff
from reviews.readmodel.models import Publication, shown_to_readers


class LinkStatus(models.TextChoices):
    OK = "ok", "Works"
    REDIRECTED = "redirected", "Redirected"
    BROKEN = "broken", "Broken"
    TIMEOUT = "timeout", "Timed out"
    REFUSED = "refused", "Not checked"


# Worth a reviewer's look on the dashboard; the first three count as failures, checked
# again by a second run on the same day.
FAILED = (LinkStatus.BROKEN, LinkStatus.TIMEOUT, LinkStatus.REFUSED)
PROBLEMS = (*FAILED, LinkStatus.REDIRECTED)


def checked_revisions(revision: str = "pk") -> Q:
    """Revisions whose references are checked: the live revision of each public article,
    and the latest revision of an article while it waits for review (the dashboard's
    "waiting"). ``revision`` names the revision from the model queried."""
    prefix = "" if revision == "pk" else f"{revision}__"
    live = Publication.objects.public().filter(revision=OuterRef(revision))
    decided = SignOff.objects.filter(revision=OuterRef(revision))
    later = Revision.objects.filter(article=OuterRef(f"{prefix}article"), number__gt=OuterRef(f"{prefix}number"))
    return Q(Exists(live)) | (~Q(Exists(decided)) & ~Q(Exists(later)))


class LinkCheck(models.Model):
    """The last answer one reference URL gave the link checker. Rewritten by each check."""

    url = models.CharField("URL", max_length=500, unique=True)
    status = models.CharField(max_length=12, choices=LinkStatus.choices)
    http_status = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True, help_text="Of the last hop.")
    final_url = models.CharField("final URL", max_length=2000, blank=True, help_text="Where redirects ended.")
    redirects = models.JSONField(default=list, blank=True, help_text='Each hop: {"url", "status"}, in order.')
    error = models.TextField(blank=True, help_text="What went wrong, in plain words.")
    checked_at = models.DateTimeField(db_index=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed checks in a row.")
    failing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in LinkStatus]), name="linkcheck_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url}: {self.get_status_display()}"

    @property
    def failed(self) -> bool:
        return self.status in FAILED

    @property
    def moved_status(self) -> int | None:
        """The status of the first redirect (301: moved for good; 302, 307: for now)."""
        return self.redirects[0]["status"] if self.redirects else None

    @property
    def outcome(self) -> str:
        """What happened, in a few words, for the dashboard."""
        if self.error:
            return self.error
        if self.http_status:
            try:
                phrase = HTTPStatus(self.http_status).phrase
            except ValueError:
                phrase = ""
            return f"HTTP {self.http_status} {phrase}".rstrip()
        return self.get_status_display()


class LinkCitationQuerySet(models.QuerySet["LinkCitation"]):
    def current(self) -> LinkCitationQuerySet:
        """Citations in revisions that are still live or waiting (the ones checked last
        may have been replaced since)."""
        publication = "revision__article__publication"
        live = Q(**{f"{publication}__revision": F("revision")}) & shown_to_readers(f"{publication}__")
        decided = SignOff.objects.filter(revision=OuterRef("revision"))
        later = Revision.objects.filter(article=OuterRef("revision__article"), number__gt=OuterRef("revision__number"))
        # checked_revisions("revision"), with the live test as a join on the article's
        # publication rather than a lookup among every publication's revision.
        return self.filter(live | (~Q(Exists(decided)) & ~Q(Exists(later))))

    def problems(self) -> LinkCitationQuerySet:
        return self.filter(link__status__in=PROBLEMS)

    def summary(self) -> tuple[list[tuple[str, int]], int]:
        """The articles these citations are in, as (title, id) by title, and how many
        links there are to fix (each URL once per article, as by_article shows them).
        One query of three small columns, for the dashboard to page through: it grows
        with the links to fix, not with the articles."""
        rows = set(self.values_list("revision__article__title", "revision__article_id", "link_id"))
        articles = sorted({(title, pk) for title, pk, _ in rows}, key=lambda row: (row[0].casefold(), row[1]))
        return articles, len(rows)

    def by_article(self) -> list[ArticleLinks]:
        """The citations grouped by article (by title), each URL once per article with
        the revisions that cite it; one query, reading no snapshot or article text."""
        rows = (
            self.select_related("link", "revision__article")
            .only("number", "title", "link", "revision__number", "revision__article__title")
            .annotate(live=Exists(Publication.objects.public().filter(revision=OuterRef("revision"))))
            .order_by("revision__article__title", "revision__article_id", "-revision__number", "number")
        )
        articles: dict[int, ArticleLinks] = {}
        for row in rows:
            article = row.revision.article
            group = articles.setdefault(article.pk, ArticleLinks(article))
            cited = group.references.setdefault(row.link_id, CitedLink(row.number, row.title, row.link))
            live = row.live  # type: ignore[attr-defined]  # annotated above
            cited.revisions.append(f"revision {row.revision.number} ({'live' if live else 'waiting for review'})")
        return list(articles.values())


class LinkCitation(models.Model):
    """Reference ``number`` of ``revision`` cites ``link``. Rebuilt by each run of the
    checker for the live and waiting revisions of the day."""

    link = models.ForeignKey(LinkCheck, on_delete=models.CASCADE, related_name="citations")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(help_text="As numbered on the page.")
    title = models.CharField(max_length=300)

    objects = LinkCitationQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "number"], name="linkcitation_one_per_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.revision} · reference {self.number}"


@dataclass
class CitedLink:
    number: int
    title: str
    link: LinkCheck
    revisions: list[str] = field(default_factory=list)


@dataclass
class ArticleLinks:
    article: Article
    references: dict[int, CitedLink] = field(default_factory=dict)

    @property
    def links(self) -> list[CitedLink]:
        return list(self.references.values())


class ReminderLog(models.Model):
    """One row per reviewer per day a reminder went out, so cron can run it often."""

    reviewer = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    article_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reviewer", "sent_on"], name="one_reminder_per_day")]

    def __str__(self) -> str:
        return f"{self.reviewer} reminded on {self.sent_on}"
