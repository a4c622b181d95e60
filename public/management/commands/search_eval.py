from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from public import search_eval


class Command(BaseCommand):
    help = (
        "Run a search evaluation set (default: the demo's, demo/search_eval.yaml) against this "
        "site's public pages: print recall at 3, the mean reciprocal rank and every query that "
        "missed, which names the everyday words an article lacks. Exits 1 below the goals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="the evaluation set (YAML; the demo's says how to write one)")
        parser.add_argument("--recall", type=float, default=0.95, help="the recall@3 goal (default 0.95)")
        parser.add_argument("--mrr", type=float, default=0.85, help="the MRR goal (default 0.85)")

    def handle(self, *args: Any, path: str | None, recall: float, mrr: float, **options: Any) -> None:
        source = Path(path) if path else Path(settings.BASE_DIR) / "demo" / "search_eval.yaml"
        try:
            report = search_eval.evaluate(search_eval.load(source))
        except search_eval.EvaluationSetError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\n".join(report.lines()))
        if report.recall_at_3 < recall or report.mrr < mrr or report.wrong_first:
            raise CommandError(f"Below the goals: recall@3 {recall:.0%}, MRR {mrr}, no unrelated first result.")
