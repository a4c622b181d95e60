"""The reference link checker behind ``manage.py check_links``: visits the reference URLs
of live and waiting revisions (read from their snapshots) and records what each
answered (models.py: LinkCheck, LinkCitation).

Safe to run daily from cron. A URL that worked (or redirected to a working page) earlier
the same day is not fetched again, so a second run re-checks only the failures. The
requests themselves (polite, and never into our own network) are link_requests.py's: at
most ``workers`` hosts at once. The network is used outside any transaction; the
results are written in one at the end.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reviews.provenance.models import Revision

from .link_requests import Checker, HostGate, Result
from .models import LinkCheck, LinkCitation, LinkStatus, checked_revisions

# When this many URLs or more were requested and not one server answered, the network at
# our end is down (DNS, firewall): nothing is recorded, so references are not all marked
# broken for it.
OFFLINE_AFTER = 5


@dataclass
class Summary:
    cited: int = 0  # distinct URLs in live and waiting revisions
    revisions: int = 0
    skipped: int = 0  # worked earlier today
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LinkStatus.values, 0))
    problems: list[Result] = field(default_factory=list)
    offline: bool = False  # nothing answered: not recorded (OFFLINE_AFTER)

    @property
    def checked(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        c = self.counts
        return [
            f"{self.cited} reference URLs in {self.revisions} live or waiting revisions.",
            f"Checked {self.checked}: {c['ok']} ok, {c['redirected']} redirected, {c['broken']} broken, "
            f"{c['timeout']} timed out, {c['refused']} not fetched (refused).",
            f"Skipped {self.skipped} that worked earlier today (--all checks them again).",
        ]

    def warning(self) -> str:
        if not self.offline:
            return ""
        return (
            f"No server answered any of {self.checked - self.counts['refused']} requests: the network here looks "
            "down, so nothing was recorded."
        )


Citation = tuple[int, int, str]  # revision id, reference number, title


def cited_urls() -> tuple[dict[str, list[Citation]], int]:
    """{url: where it is cited} over live and waiting revisions, and how many revisions."""
    cited: dict[str, list[Citation]] = defaultdict(list)
    rows = Revision.objects.filter(checked_revisions()).values_list("pk", "snapshot__references").order_by("pk")
    revisions = 0
    for pk, references in rows.iterator(chunk_size=500):
        revisions += 1
        for reference in references or []:
            url = str(reference.get("url") or "").strip()
            if url:
                cited[url[:500]].append((pk, int(reference["number"]), str(reference.get("title", ""))[:300]))
    return cited, revisions


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _check_all(urls: Iterable[str], checker: Checker, workers: int) -> list[Result]:
    """Each host's URLs in turn, up to ``workers`` hosts at once."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="check_links") as pool:
        batches = pool.map(lambda batch: [checker.check(url) for url in batch], by_host.values())
        return [result for batch in batches for result in batch]


def check_links(
    *,
    now: datetime.datetime | None = None,
    recheck_all: bool = False,
    timeout: float | None = None,
    workers: int | None = None,
    allow_private: bool | None = None,
    host_delay: float | None = None,
) -> Summary:
    """Check the reference URLs of live and waiting revisions and store what each answered
    (LinkCheck) and where it is cited (LinkCitation). URLs that worked earlier on the day
    of ``now`` are skipped unless ``recheck_all``. The network is used outside any
    transaction; the results are written in one at the end. Settings give the defaults."""
    now = now or timezone.now()
    cited, revisions = cited_urls()
    known = {link.url: link for link in LinkCheck.objects.all()}  # no longer cited ones too: they go
    start_of_day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))
    fine_today = {
        url
        for url in cited
        if not recheck_all
        and (link := known.get(url))
        and link.checked_at >= start_of_day
        and link.status in (LinkStatus.OK, LinkStatus.REDIRECTED)
    }
    checker = Checker(
        timeout=settings.LINK_CHECK_TIMEOUT if timeout is None else timeout,
        allow_private=settings.LINK_CHECK_ALLOW_PRIVATE_HOSTS if allow_private is None else allow_private,
        gate=HostGate(settings.LINK_CHECK_HOST_DELAY_MS / 1000 if host_delay is None else host_delay),
    )
    results = _check_all(
        [url for url in cited if url not in fine_today], checker, workers or settings.LINK_CHECK_WORKERS
    )
    summary = Summary(cited=len(cited), revisions=revisions, skipped=len(fine_today))
    for result in results:
        summary.counts[result.status] += 1
        if result.status != LinkStatus.OK:
            summary.problems.append(result)
    fetched = [result for result in results if result.status != LinkStatus.REFUSED]
    summary.offline = len(fetched) >= OFFLINE_AFTER and all(result.http_status is None for result in fetched)
    if not summary.offline:
        _store(results, cited, known, now=now)
    return summary


def _record(result: Result, before: LinkCheck | None, now: datetime.datetime) -> LinkCheck:
    streak = before if before is not None and before.failed and result.failed else None
    return LinkCheck(
        url=result.url,
        status=result.status,
        http_status=result.http_status,
        final_url=result.final_url[:2000],
        redirects=list(result.redirects),
        error=result.error,
        checked_at=now,
        failures=(streak.failures + 1 if streak else 1) if result.failed else 0,
        failing_since=(streak.failing_since or now if streak else now) if result.failed else None,
    )


@transaction.atomic
def _store(
    results: list[Result], cited: dict[str, list[Citation]], known: dict[str, LinkCheck], *, now: datetime.datetime
) -> None:
    fields = ["status", "http_status", "final_url", "redirects", "error", "checked_at", "failures", "failing_since"]
    LinkCheck.objects.bulk_create(
        [_record(result, known.get(result.url), now) for result in results],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["url"],
        update_fields=fields,
    )
    ids = dict(LinkCheck.objects.values_list("url", "pk"))
    gone = [pk for url, pk in ids.items() if url not in cited]
    for first in range(0, len(gone), 500):
        LinkCheck.objects.filter(pk__in=gone[first : first + 500]).delete()  # their citations go with them
    LinkCitation.objects.all().delete()
    LinkCitation.objects.bulk_create(
        [
            LinkCitation(link_id=ids[url], revision_id=revision, number=number, title=title)
            for url, places in cited.items()
            if url in ids
            for revision, number, title in places
        ],
        batch_size=500,
        ignore_conflicts=True,  # a run that overlaps this one wrote the same rows
    )
