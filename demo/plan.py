"""What generated content will be, drawn from one random stream before anything is
written (demo/generate.py writes it): titles spread over A–Z, made-up condition names,
conditions listed with a popularity skewed as real content is (Zipf–Mandelbrot), and each
article's sections, care statements, references and review date. Every text says it is
generated test content and not medical advice."""

import itertools
import random
from bisect import bisect_left
from dataclasses import dataclass

from django.utils.text import slugify

from articles.models import Category, Condition

NOTICE = "Generated test content."
DISCLAIMER = "It is not medical advice and describes no real condition."
# Each article lists between these many conditions, drawn from at most half of them
# (so popularity can show); hence the smallest number of conditions asked for.
MIN_LISTED, MAX_LISTED = 8, 20
MIN_CONDITIONS = 2 * MIN_LISTED
# Share of articles that list the most popular condition, at sizes where it can be kept.
TOP_SHARE = 0.17
MAX_DAYS_AGO = 425  # about 14 months: past the 365-day interval, so some are overdue
CARE_TIERS = ("emergency", "urgent", "routine")
# The warning signs generated articles give: a shared library, as real articles share one.
SIGNS_PER_TIER = 12
SIGNS = {
    tier: [
        (tier, f"generated test warning sign {n} ({tier} tier), not medical advice")
        for n in range(1, SIGNS_PER_TIER + 1)
    ]
    for tier in CARE_TIERS
}
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
    lower = title.lower()
    sections = [
        _common_section(rng, lower, [conditions[rank] for rank in causes]),
        _serious_section([conditions[rank] for rank in emergency]),
        *_other_sections(rng, lower),
    ]
    care = [sign for tier in CARE_TIERS for sign in rng.sample(SIGNS[tier], rng.randint(1, 2))]
    return Plan(
        title=title,
        categories=rng.sample(categories, rng.choice((1, 1, 2))),
        sections=sections,
        care=care,
        references=rng.randint(1, 3),
        days_ago=rng.randint(1, MAX_DAYS_AGO),
    )


def _common_section(rng: random.Random, lower: str, causes: list[Condition]) -> dict:
    """The causes, in one group or two."""
    split = sorted(rng.sample(range(1, len(causes)), rng.choice((0, 1))))
    groups = [causes[a:b] for a, b in zip([0, *split], [*split, len(causes)], strict=True)]
    return {
        "heading": "Common causes",
        "body": f"{NOTICE} {DISCLAIMER} This section lists made-up causes of {lower} for testing.",
        "groups": [
            {
                "heading": "Causes seen often" if n == 0 else "Other causes",
                "lead_in": "Generated test list:",
                "urgency": "normal" if n == 0 else rng.choice(("normal", "soon")),
                "entries": [(condition, rng.choice(LIKELIHOODS)) for condition in group],
            }
            for n, group in enumerate(groups)
        ],
    }


def _serious_section(emergency: list[Condition]) -> dict:
    return {
        "heading": "Serious causes",
        "body": f"{NOTICE} Placeholder text for testing the page layout; {DISCLAIMER.lower()}",
        "groups": [
            {
                "heading": "Generated emergency group",
                "lead_in": "Generated test list:",
                "urgency": "emergency",
                "entries": [(condition, "rare") for condition in emergency],
            }
        ],
    }


def _other_sections(rng: random.Random, lower: str) -> list[dict]:
    """Questions for most articles, a page of plain text for some."""
    sections = []
    if rng.random() < 0.6:
        questions = [f"Generated test question {n} about {lower}." for n in range(1, rng.randint(2, 4))]
        group = {"heading": "", "lead_in": "", "urgency": "normal", "texts": questions}
        sections.append({"heading": "Questions for diagnosing the cause", "body": "", "groups": [group]})
    if rng.random() < 0.5:
        body = f"{NOTICE} {DISCLAIMER} Words for search tests: {COMMON_WORDS}."
        sections.append({"heading": "About this generated page", "body": body, "groups": []})
    return sections
