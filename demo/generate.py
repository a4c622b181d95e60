"""Generated test content at any size, made through the real review workflow (what each
article will be is drawn first, by demo/plan.py).

``generate(articles=N, conditions=M, seed=S)`` writes N articles listing M shared
conditions, each article written by one generator editor, submitted for review and
approved by a different generator reviewer (four eyes) with the services a real
sign-off uses, so every listing, search row, signature and audit event is what
production would write. Condition popularity is skewed as real content is (a few
conditions are listed by many articles, most by a handful), titles spread over A–Z and
sign-off dates over the past ~14 months, so some articles are due or overdue.

Every text says it is generated test content and gives no care advice: it exists to
measure and exercise the site, never to be read as medicine. The same seed gives the
same content (ids aside).
"""

import datetime
import itertools
import multiprocessing
import random
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.history import acting_as
from articles.models import (
    Article,
    ArticleCategory,
    CareAdvice,
    Category,
    Condition,
    Entry,
    EntryGroup,
    Reference,
    Section,
    WarningSign,
)
from reviews.provenance.models import ReviewerProfile
from reviews.workflow import services

from .plan import (
    BODY_PARTS,
    CATEGORIES,
    COMMON_WORDS,
    DISCLAIMER,
    MAX_LISTED,
    MIN_CONDITIONS,
    MIN_LISTED,
    NOTICE,
    NOUNS,
    SIGNS,
    Plan,
    article_titles,
    condition_names,
    plan_article,
    popularity_weights,
)

SIGNS_OF_CONDITIONS = 6  # generated emergency signs that are a condition's
BATCH = 100  # articles written (and, with one job, signed off) per transaction
RETRIES = 3  # times a job tries a step again that lost a deadlock to another job


@dataclass
class Generated:
    articles: int = 0
    conditions: int = 0
    categories: int = 0
    listings: int = 0
    seconds: float = 0.0
    signoff_seconds: list[float] = field(default_factory=list)
    popularity: Counter = field(default_factory=Counter)
    jobs: int = 1
    retried: int = 0  # sign-offs tried again after a deadlock with another job


class GenerateError(ValueError):
    """The arguments cannot make the content asked for; the message says why."""


def check_arguments(*, articles: int, conditions: int, jobs: int = 1) -> None:
    if jobs < 1:
        raise GenerateError("--jobs must be at least 1.")
    if jobs > 1 and connection.vendor != "postgresql":
        raise GenerateError("--jobs above 1 needs PostgreSQL: SQLite takes one writer at a time.")
    if jobs > 1 and connection.in_atomic_block:
        raise GenerateError(
            "--jobs above 1 cannot run inside a transaction: the jobs write through connections of their own, "
            "which could not see what it holds."
        )
    if articles < 1:
        raise GenerateError("--articles must be at least 1.")
    if conditions < 1:
        raise GenerateError("--conditions must be at least 1.")
    if conditions < MIN_CONDITIONS:
        raise GenerateError(
            f"--conditions must be at least {MIN_CONDITIONS}: each article lists {MIN_LISTED} to {MAX_LISTED} "
            "conditions, drawn from at most half of them."
        )


def accounts() -> tuple[User, User]:
    """The generator's editor and reviewer: two people, no passwords (nobody logs in as them)."""
    User = get_user_model()
    made = []
    for username, group, first, last in (
        ("generator-editor", "Editors", "Generator", "Editor"),
        ("generator-reviewer", "Medical reviewers", "Generator", "Reviewer"),
    ):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "first_name": first, "last_name": last, "email": f"{username}@example.invalid"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=group))
        made.append(user)
    ReviewerProfile.objects.get_or_create(
        user=made[1],
        defaults={
            "slug": "generator-reviewer",
            "display_name": "Dr Generator Reviewer (generated)",
            "credentials": "MD (generated test account)",
            "registration": "GENERATED 0000000 (not a real registration)",
            "bio": "A generated reviewer account that signs off generated test content.",
        },
    )
    return made[0], made[1]


def make_categories() -> list[Category]:
    wanted = {slugify(name) + "-generated": f"{name} (generated)" for name in CATEGORIES}
    existing = {c.slug: c for c in Category.objects.filter(slug__in=wanted)}
    new = [Category(slug=slug, name=name) for slug, name in wanted.items() if slug not in existing]
    Category.objects.bulk_create(new)
    existing.update({c.slug: c for c in new})
    return [existing[slug] for slug in wanted]


def make_conditions(rng: random.Random, count: int) -> list[Condition]:
    """The shared conditions, most popular first; existing ones (same seed, same slug) are reused."""
    names = condition_names(rng, count)
    rows = []
    for rank, name in enumerate(names):
        root = name.split()[1]
        rows.append(
            Condition(
                name=name,
                slug=slugify(name),
                gloss=f"a generated test condition (number {rank + 1}), not a real diagnosis",
                synonyms=f"{root} test condition" if rank % 3 == 0 else "",
                lay_terms=f"{root} trouble\n{rng.choice(BODY_PARTS)} {rng.choice(NOUNS)}",
            )
        )
    existing = {
        c.slug: c for chunk in _chunks(rows, 1000) for c in Condition.objects.filter(slug__in=[r.slug for r in chunk])
    }
    for chunk in _chunks([r for r in rows if r.slug not in existing], 1000):
        Condition.objects.bulk_create(chunk)
    return [existing.get(row.slug, row) for row in rows]


def care_signs() -> list[tuple[str, str]]:
    """(tier, wording) of every warning sign generated articles may give."""
    return [sign for tier in SIGNS.values() for sign in tier]


def make_signs(conditions: list[Condition]) -> None:
    """The generated articles' library of warning signs (kept if already there); the
    first emergency signs are signs of the most popular conditions, so those conditions'
    pages list signs given by many articles."""
    for index, (tier, text) in enumerate(care_signs()):
        about = conditions[index] if index < SIGNS_OF_CONDITIONS and index < len(conditions) else None
        WarningSign.objects.get_or_create(text=text, defaults={"tier": tier, "condition": about})


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_articles(plans: list[Plan], *, editor: User, today: datetime.date) -> list[Article]:
    """Write a batch of working copies in bulk (every write still recorded as the editor's)."""
    made = [
        Article(
            title=plan.title,
            slug=slugify(plan.title),
            question=f"What causes {plan.title.lower()}?",
            lead=f"{NOTICE} {DISCLAIMER} This page exists to test the site with many articles.",
            lay_terms=f"{plan.title.split()[-1]}\n{plan.title.split()[1]} {COMMON_WORDS.split()[1]}",
            copyright_holder="SymptomSite generated test content",
            last_edited_by=editor,
            last_edited_at=timezone.now(),
        )
        for plan in plans
    ]
    Article.objects.bulk_create(made)
    planned = list(zip(made, plans, strict=True))
    ArticleCategory.objects.bulk_create(
        ArticleCategory(article=article, category=category) for article, plan in planned for category in plan.categories
    )
    signs = dict(WarningSign.objects.filter(text__in=[text for _, text in care_signs()]).values_list("text", "pk"))
    CareAdvice.objects.bulk_create(
        CareAdvice(article=article, order=order, sign_id=signs[text])
        for article, plan in planned
        for order, (_, text) in enumerate(plan.care, start=1)
    )
    Reference.objects.bulk_create(
        Reference(
            article=article,
            order=n,
            title=f"Generated test reference {n} for {article.title}",
            publisher="Example publisher (generated)",
            url=f"https://example.org/generated/{article.slug}/{n}",
            accessed=today - datetime.timedelta(days=plan.days_ago + 5),
        )
        for article, plan in planned
        for n in range(1, plan.references + 1)
    )
    _write_sections(planned)
    return made


def _write_sections(planned: list[tuple[Article, Plan]]) -> None:
    """Each planned article's sections, their groups and entries, a bulk write each."""
    sections = [
        (Section(article=article, order=order, heading=s["heading"], body=s["body"]), s)
        for article, plan in planned
        for order, s in enumerate(plan.sections, start=1)
    ]
    Section.objects.bulk_create(section for section, _ in sections)
    groups = [
        (EntryGroup(section=section, order=order, heading=g["heading"], lead_in=g["lead_in"], urgency=g["urgency"]), g)
        for section, s in sections
        for order, g in enumerate(s["groups"], start=1)
    ]
    EntryGroup.objects.bulk_create(group for group, _ in groups)
    causes = [
        Entry(group=group, order=order, condition=condition, likelihood=likelihood)
        for group, g in groups
        for order, (condition, likelihood) in enumerate(g.get("entries", []), start=1)
    ]
    texts = [
        Entry(group=group, order=order, text=text)
        for group, g in groups
        for order, text in enumerate(g.get("texts", []), start=1)
    ]
    Entry.objects.bulk_create(causes + texts)


def sign_off(
    article: Article, *, days_ago: int, editor: User, reviewer: User, now: datetime.datetime, attempts: int = 1
) -> tuple[float, int]:
    """Submit as the editor and approve as the reviewer, backdated: (approve's seconds,
    deadlocks retried). Each step is tried up to ``attempts`` times if it loses a
    deadlock to another job (only outside a transaction can a step be tried again)."""
    approved_at = now - datetime.timedelta(days=days_ago)
    revision, retried = _attempt(
        lambda: services.submit_for_review(
            article=article, by=editor, summary="Generated test content.", now=approved_at - datetime.timedelta(days=2)
        ),
        attempts,
    )
    started = time.perf_counter()
    _, again = _attempt(
        lambda: services.approve(
            revision=revision, reviewer=reviewer, comment="Generated test sign-off.", now=approved_at
        ),
        attempts,
    )
    return time.perf_counter() - started, retried + again


DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for a transaction it chose to end


def _attempt(step, attempts: int):
    """(what ``step`` returns, deadlocks retried)."""
    for attempt in range(attempts):
        try:
            return step(), attempt
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != DEADLOCK or attempt == attempts - 1:
                raise
    raise ValueError("attempts must be at least 1")


def generate(*, articles: int, conditions: int, seed: int = 1, jobs: int = 1, progress=None) -> Generated:
    """Write and sign off ``articles`` articles listing ``conditions`` conditions.

    With ``jobs`` above 1 (PostgreSQL only), that many processes sign off batches side
    by side, each submission and approval in its own transaction, as reviewers working
    at once would; every draw is still made here, in order, so the content is the same."""
    check_arguments(articles=articles, conditions=conditions, jobs=jobs)
    started = time.perf_counter()
    rng = random.Random(seed)
    # Titles already used (an earlier run, the demo) are skipped, so runs add up.
    titles = article_titles(rng, articles, set(Article.objects.values_list("slug", flat=True)))
    result = Generated(articles=articles, conditions=conditions, jobs=jobs)
    editor, reviewer = accounts()
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic(), acting_as(editor):
        categories, shared = make_categories(), make_conditions(rng, conditions)
        make_signs(shared)
    result.categories = len(categories)
    cumulative = popularity_weights(conditions)
    batches = [
        [plan_article(rng, title, shared, cumulative, categories) for title in batch]
        for batch in _chunks(titles, BATCH)
    ]
    if jobs == 1:
        done: Iterator[tuple[list[float], int]] = (
            _write_and_sign(plans, editor, reviewer, now, today, one_transaction=True) for plans in batches
        )
        _collect(result, batches, done, progress)
    else:
        connections.close_all()  # each job opens its own connection
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_job) as pool:
            done = pool.map(
                _write_and_sign,
                batches,
                itertools.repeat(editor),
                itertools.repeat(reviewer),
                itertools.repeat(now),
                itertools.repeat(today),
            )
            _collect(result, batches, done, progress)
    if connection.vendor == "postgresql":
        # As after any bulk load: the planner's row counts were those of an emptier site,
        # and the GIN indexes still hold their new entries in a pending list, unsorted,
        # which makes the planner price them out (search then reads every vector).
        # VACUUM cannot run in a transaction (a test's): there, only ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    result.seconds = time.perf_counter() - started
    return result


def _collect(result: Generated, batches: list[list[Plan]], done, progress) -> None:
    for plans, (seconds, retried) in zip(batches, done, strict=True):
        result.signoff_seconds += seconds
        result.retried += retried
        for plan in plans:
            for section in plan.sections:
                for group in section["groups"]:
                    result.listings += len(group.get("entries", []))
                    result.popularity.update(condition.slug for condition, _ in group.get("entries", []))
        if progress:
            progress(len(result.signoff_seconds), result.articles)


def _start_job() -> None:
    """A job's own connection. Generated test content is made again at will, so its
    commits do not wait for the disk (a crash loses the last few, never half of one)."""
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")


def _write_and_sign(
    plans: list[Plan],
    editor: User,
    reviewer: User,
    now: datetime.datetime,
    today: datetime.date,
    *,
    one_transaction: bool = False,
) -> tuple[list[float], int]:
    """Write a batch of articles and sign each off: ([approve's seconds], deadlocks
    retried). All in ``one_transaction``, or (in a job) each submission and approval in
    its own, tried again if it lost a deadlock to another job."""
    attempts = 1 if one_transaction else RETRIES + 1
    with transaction.atomic() if one_transaction else nullcontext():
        with transaction.atomic(), acting_as(editor):
            made = write_articles(plans, editor=editor, today=today)
        signed = [
            sign_off(article, days_ago=plan.days_ago, editor=editor, reviewer=reviewer, now=now, attempts=attempts)
            for article, plan in zip(made, plans, strict=True)
        ]
    return [seconds for seconds, _ in signed], sum(retried for _, retried in signed)
