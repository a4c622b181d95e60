"""How well search answers everyday queries: an evaluation set (demo/search_eval.yaml
for the demo; a site may keep its own) run through public/search.py as the search page
orders its results, scored by recall at 3 and mean reciprocal rank.

    recall@3  for each query that expects results, the share of them (at most three)
              among the first three results; averaged
    MRR       for each such query, 1 / the rank of the first expected result (0 if none
              is on the first page); averaged
    wrong     queries whose first result is neither expected nor acceptable, and queries
              with no good answer that show one anyway

A miss names the words to look at: an article that should have been found lacks the
query's everyday words among its lay terms.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import search

TOP = 3


class EvaluationSetError(ValueError):
    """The evaluation set cannot be read: the message says which query and why."""


@dataclass(frozen=True)
class Case:
    q: str
    expect: tuple[str, ...] = ()
    ok: tuple[str, ...] = ()
    none: bool = False


@dataclass
class Outcome:
    case: Case
    ranked: list[str]
    mentions_only: bool = False  # the page said no article is about the words

    @property
    def recall(self) -> float:
        wanted = self.case.expect[:TOP]
        return len(set(wanted) & set(self.ranked[:TOP])) / len(wanted)

    @property
    def reciprocal_rank(self) -> float:
        for rank, found in enumerate(self.ranked, start=1):
            if found in self.case.expect:
                return 1 / rank
        return 0.0

    @property
    def wrong_first(self) -> bool:
        """The first result is unrelated (or, for a query with no good answer, not an
        acceptable near answer)."""
        if not self.ranked or (self.case.none and self.mentions_only):
            return not self.case.none
        return self.ranked[0] not in (*self.case.expect, *self.case.ok)

    @property
    def missed(self) -> bool:
        return self.wrong_first or (not self.case.none and self.recall < 1)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def answered(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.case.none]

    @property
    def recall_at_3(self) -> float:
        return sum(outcome.recall for outcome in self.answered) / max(1, len(self.answered))

    @property
    def mrr(self) -> float:
        return sum(outcome.reciprocal_rank for outcome in self.answered) / max(1, len(self.answered))

    @property
    def wrong_first(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.wrong_first]

    def lines(self) -> list[str]:
        """The figures, then one line per query that missed."""
        lines = [
            f"{len(self.outcomes)} queries ({len(self.answered)} with expected results, "
            f"{len(self.outcomes) - len(self.answered)} with no good answer)",
            f"recall@{TOP} {self.recall_at_3:.1%}   MRR {self.mrr:.3f}   "
            f"unrelated first result {len(self.wrong_first)}",
        ]
        for outcome in self.outcomes:
            if outcome.missed:
                wanted = "nothing" if outcome.case.none else ", ".join(outcome.case.expect)
                shown = ", ".join(outcome.ranked[:TOP]) or "nothing"
                lines.append(f"  miss  {outcome.case.q!r}: expected {wanted}; first {shown}")
        return lines


def load(path: Path) -> list[Case]:
    """The cases of an evaluation set file; EvaluationSetError says what is wrong."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise EvaluationSetError(f"{path}: {error}") from error
    if not isinstance(raw, list):
        raise EvaluationSetError(f"{path}: expected a list of queries")
    return [_case(path, number, item) for number, item in enumerate(raw, start=1)]


def _case(path: Path, number: int, item: Any) -> Case:
    where = f"{path}, query {number}"
    if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not item["q"].strip():
        raise EvaluationSetError(f"{where}: each query needs a `q` (the words a reader types)")
    unknown = set(item) - {"q", "expect", "ok", "none"}
    if unknown:
        raise EvaluationSetError(f"{where} ({item['q']!r}): unknown keys {sorted(unknown)}")
    expect, ok = tuple(item.get("expect") or ()), tuple(item.get("ok") or ())
    if bool(expect) == bool(item.get("none")):
        raise EvaluationSetError(f"{where} ({item['q']!r}): give `expect` or `none: true`, not both or neither")
    return Case(q=item["q"], expect=expect, ok=ok, none=bool(item.get("none")))


def ranked(query: str) -> tuple[list[str], bool]:
    """The first page's results in the order the page shows them (article slugs, and
    conditions as ``condition/<slug>``), and whether the page says they only mention the
    words (no article is about them)."""
    results = search.search(search.clean_query(query)[0])
    shown = [f"condition/{item.slug}" if kind == "condition" else item.slug for kind, item in results.ranked]
    return shown, results.mentions_only


def evaluate(cases: list[Case]) -> Report:
    return Report([Outcome(case, *ranked(case.q)) for case in cases])
