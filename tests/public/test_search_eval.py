"""The search evaluation set (demo/search_eval.yaml) on the demo, on both databases:
`make search-eval` prints the figures; these tests hold search to the goals."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from public import search_eval

EVALUATION_SET = Path(settings.BASE_DIR) / "demo" / "search_eval.yaml"


@pytest.mark.django_db
@pytest.mark.dialect
@pytest.mark.usefixtures("shared_demo")
class TestTheDemoEvaluationSet:
    def test_everyday_queries_meet_the_goals(self, capsys):
        cases = search_eval.load(EVALUATION_SET)
        report = search_eval.evaluate(cases)
        with capsys.disabled():
            print("\n".join(["", f"search evaluation ({settings.DATABASES['default']['ENGINE']}):", *report.lines()]))
        assert len(cases) >= 150
        assert report.recall_at_3 >= 0.95
        assert report.mrr >= 0.85
        assert not report.wrong_first, [outcome.case.q for outcome in report.wrong_first]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("q: [", "while parsing"),
        ("q: dizzy", "expected a list of queries"),
        ("- {expect: [dizziness]}", "query 1: each query needs a `q`"),
        ("- {q: dizzy}", "('dizzy'): give `expect` or `none: true`"),
        ("- {q: dizzy, expect: [dizziness], none: true}", "not both or neither"),
        ("- {q: dizzy, expected: [dizziness]}", "unknown keys ['expected']"),
    ],
)
def test_a_broken_evaluation_set_says_which_query_and_why(tmp_path, text, message):
    path = tmp_path / "set.yaml"
    path.write_text(text)
    with pytest.raises(search_eval.EvaluationSetError, match=re.escape(message)):
        search_eval.load(path)


def test_the_scores_count_what_a_reader_sees():
    dizzy = search_eval.Case(q="dizzy", expect=("dizziness", "condition/bppv"))
    nothing = search_eval.Case(q="acne", none=True, ok=("joint-pain",))
    report = search_eval.Report(
        [
            search_eval.Outcome(dizzy, ["fatigue", "dizziness"]),  # half recalled, rank 2, wrong first
            search_eval.Outcome(nothing, ["fatigue"], mentions_only=True),  # said so: not wrong
            search_eval.Outcome(nothing, ["fatigue"]),  # shown as an answer: wrong
        ]
    )
    assert report.recall_at_3 == 0.5 and report.mrr == 0.5
    assert [outcome.case.q for outcome in report.wrong_first] == ["dizzy", "acne"]
    assert "  miss  'dizzy': expected dizziness, condition/bppv; first fatigue, dizziness" in report.lines()


def test_the_command_prints_the_figures_and_fails_below_the_goals(db, tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text("- {q: dizzy, expect: [dizziness]}\n- {q: xyzzy, none: true}\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="Below the goals"):
        call_command("search_eval", str(path), stdout=out)  # nothing is published
    assert "recall@3 0.0%   MRR 0.000" in out.getvalue() and "miss  'dizzy'" in out.getvalue()
    with pytest.raises(CommandError, match="set.yaml, query 1"):
        path.write_text("- {q: ''}\n")
        call_command("search_eval", str(path))
