"""Generated test content at any size, made through the real review workflow.

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
from bisect import bisect_left
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
)
from reviews.provenance.models import ReviewerProfile
from reviews.workflow import services

NOTICE = "Generated test content."
DISCLAIMER = "It is not medical advice and describes no real condition."
# Each article lists between these many conditions, drawn from at most half of them
# (so popularity can show); hence the smallest number of conditions asked for.
MIN_LISTED, MAX_LISTED = 8, 20
MIN_CONDITIONS = 2 * MIN_LISTED
# Share of articles that list the most popular condition, at sizes where it can be kept.
TOP_SHARE = 0.17
MAX_DAYS_AGO = 425  # about 14 months: past the 365-day interval, so some are overdue
BATCH = 100  # articles written (and, with one job, signed off) per transaction
RETRIES = 3  # times a job tries a step again that lost a deadlock to another job
# First words cover every letter, so the A–Z pages fill out.
FIRST_WORDS = (
    "Aching Abrupt Burning Brief Cramping Constant Dull Deep Episodic Evening Fluttering Fleeting "
    "Gnawing Gradual Heavy Hidden Itchy Intermittent Jerking Jolting Knotted Kinked Lingering Lasting "
    "Mild Morning Numb Nagging Occasional Overnight Pulsing Prickling Queasy Quivering Recurring "
    "Radiating Sharp Sudden Throbbing Tingling Unsteady Unusual Vague Varying Waking Wandering "
    "Xeric Xenial Yawning Yielding Zigzag Zonal"
).split()
BODY_PARTS = (
    "ankle arm back calf chest chin ear elbow eye finger foot hand hip jaw knee leg lip "
    "neck nose shoulder thigh throat toe wrist"
).split()
NOUNS = "ache pain stiffness swelling tremor weakness twitching soreness pressure tiredness".split()
CATEGORIES = (
    "Bones and joints",
    "Brain and nerves",
    "Heart and circulation",
    "Lungs and breathing",
    "Skin and hair",
    "Stomach and digestion",
    "Eyes and ears",
    "Muscles",
    "Mind and mood",
    "Whole body",
)
QUALIFIERS = "Acute Benign Chronic Diffuse Focal Idiopathic Latent Mixed Partial Recurrent Transient Tonic".split()
SYLLABLES = "bal cor dren fel gan hol jor kel lun mar nev orl pim quor ros sel tav ulm ver wyn".split()
KINDS = "syndrome disorder fever palsy condition imbalance".split()
LIKELIHOODS = ("common", "less common", "rare", "")
COMMON_WORDS = "doctor pain rest sleep water exercise"  # words search benches look for


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


def article_titles(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """``count`` distinct titles from the word lists, shuffled, skipping those whose
    slug is ``taken``; numbered once the lists' combinations run out."""
    combos = [f"{a} {b} {c}" for a, b, c in itertools.product(FIRST_WORDS, BODY_PARTS, NOUNS)]
    rng.shuffle(combos)
    candidates = (combo if round_ == 1 else f"{combo} {round_}" for round_ in itertools.count(1) for combo in combos)
    return list(itertools.islice((title for title in candidates if slugify(title) not in taken), count))


def condition_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct made-up condition names (invented roots, so none is real)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        root = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        name = f"{rng.choice(QUALIFIERS)} {root} {rng.choice(KINDS)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def zipf_offset(conditions: int, mean_listed: float) -> float:
    """The offset ``q`` of weights 1/(rank + q) that makes the most popular condition
    listed by about TOP_SHARE of articles (Zipf–Mandelbrot), where that is possible: with
    few conditions each article lists a good share of them, so the offset stays small
    enough (a tenth of them) for popularity still to show."""
    low, high = 0.01, max(1.0, conditions / 10)
    for _ in range(60):
        q = (low + high) / 2
        top = (1 / q) / sum(1 / (rank + q) for rank in range(conditions))
        if 1 - (1 - top) ** mean_listed > TOP_SHARE:
            low = q
        else:
            high = q
    return (low + high) / 2


def popularity_weights(conditions: int) -> list[float]:
    """Cumulative weights of the conditions in popularity order."""
    q = zipf_offset(conditions, (MIN_LISTED + MAX_LISTED) / 2)
    return list(itertools.accumulate(1 / (rank + q) for rank in range(conditions)))


def pick_conditions(rng: random.Random, cumulative: list[float], count: int) -> list[int]:
    """``count`` distinct condition ranks, drawn by popularity (draws with replacement,
    repeats dropped: fast at any size)."""
    picked: dict[int, None] = {}
    total = cumulative[-1]
    while len(picked) < count:
        picked.setdefault(bisect_left(cumulative, rng.random() * total), None)
    return list(picked)


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


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Plan:
    """One article as drawn from the random stream, before anything is written."""

    title: str
    categories: list[Category]
    sections: list[dict]
    care: list[tuple[str, str]]
    references: int
    days_ago: int


def plan_article(rng: random.Random, title: str, conditions: list[Condition], cumulative, categories) -> Plan:
    """Draw one article: 2–4 sections, cause groups of popular-skewed conditions with
    urgency and likelihood, care statements in every tier, references, a review date."""
    listed = rng.randint(MIN_LISTED, min(MAX_LISTED, len(conditions) // 2))
    ranks = pick_conditions(rng, cumulative, listed)
    emergency = ranks[: rng.choice((1, 2))]
    causes = [rank for rank in ranks if rank not in emergency]
    split = sorted(rng.sample(range(1, len(causes)), rng.choice((0, 1))))
    cause_groups = [causes[a:b] for a, b in zip([0, *split], [*split, len(causes)], strict=True)]
    lower = title.lower()
    common = {
        "heading": "Common causes",
        "body": f"{NOTICE} {DISCLAIMER} This section lists made-up causes of {lower} for testing.",
        "groups": [
            {
                "heading": "Causes seen often" if n == 0 else "Other causes",
                "lead_in": "Generated test list:",
                "urgency": "normal" if n == 0 else rng.choice(("normal", "soon")),
                "entries": [(conditions[rank], rng.choice(LIKELIHOODS)) for rank in group],
            }
            for n, group in enumerate(cause_groups)
        ],
    }
    serious = {
        "heading": "Serious causes",
        "body": f"{NOTICE} Placeholder text for testing the page layout; {DISCLAIMER.lower()}",
        "groups": [
            {
                "heading": "Generated emergency group",
                "lead_in": "Generated test list:",
                "urgency": "emergency",
                "entries": [(conditions[rank], "rare") for rank in emergency],
            }
        ],
    }
    sections = [common, serious]
    if rng.random() < 0.6:
        sections.append(
            {
                "heading": "Questions for diagnosing the cause",
                "body": "",
                "groups": [
                    {
                        "heading": "",
                        "lead_in": "",
                        "urgency": "normal",
                        "texts": [f"Generated test question {n} about {lower}." for n in range(1, rng.randint(2, 4))],
                    }
                ],
            }
        )
    if rng.random() < 0.5:
        sections.append(
            {
                "heading": "About this generated page",
                "body": f"{NOTICE} {DISCLAIMER} Words for search tests: {COMMON_WORDS}.",
                "groups": [],
            }
        )
    care = [
        (tier, f"generated test statement {n} ({tier} tier) for {lower}, not medical advice")
        for tier in ("emergency", "urgent", "routine")
        for n in range(1, rng.randint(2, 3))
    ]
    return Plan(
        title=title,
        categories=rng.sample(categories, rng.choice((1, 1, 2))),
        sections=sections,
        care=care,
        references=rng.randint(1, 3),
        days_ago=rng.randint(1, MAX_DAYS_AGO),
    )


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
    ArticleCategory.objects.bulk_create(
        ArticleCategory(article=article, category=category)
        for article, plan in zip(made, plans, strict=True)
        for category in plan.categories
    )
    CareAdvice.objects.bulk_create(
        CareAdvice(article=article, order=order, tier=tier, text=text)
        for article, plan in zip(made, plans, strict=True)
        for order, (tier, text) in enumerate(plan.care, start=1)
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
        for article, plan in zip(made, plans, strict=True)
        for n in range(1, plan.references + 1)
    )
    sections = [
        (Section(article=article, order=order, heading=s["heading"], body=s["body"]), s)
        for article, plan in zip(made, plans, strict=True)
        for order, s in enumerate(plan.sections, start=1)
    ]
    Section.objects.bulk_create(section for section, _ in sections)
    groups = [
        (
            EntryGroup(section=section, order=order, heading=g["heading"], lead_in=g["lead_in"], urgency=g["urgency"]),
            g,
        )
        for section, s in sections
        for order, g in enumerate(s["groups"], start=1)
    ]
    EntryGroup.objects.bulk_create(group for group, _ in groups)
    Entry.objects.bulk_create(
        [
            Entry(group=group, order=order, condition=condition, likelihood=likelihood)
            for group, g in groups
            for order, (condition, likelihood) in enumerate(g.get("entries", []), start=1)
        ]
        + [
            Entry(group=group, order=order, text=text)
            for group, g in groups
            for order, text in enumerate(g.get("texts", []), start=1)
        ]
    )
    return made


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
        categories = make_categories()
        shared = make_conditions(rng, conditions)
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
