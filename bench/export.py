"""How long does a sign-off take to reach the static mirror?

Builds a throwaway database (SQLite file, or PostgreSQL with BENCH_DATABASE_URL), loads
the demo, exports every page into a temporary folder, then, ``--runs`` times: notes
the pages showing the seed article, confirms it still accurate (an annual review, which
moves its dates on every page listing it) and times the incremental export that a
sign-off's job runs after its commit (public/export: ``update_mirror``). Prints the median and
the 95th percentile in ms and how many pages each rewrite touched. The target is under a
second (docs/deployment.md).

    python bench/export.py [--runs 10]
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import django_for_bench, fresh_demo  # noqa: E402  (bench/ is on sys.path when run)

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")  # the export asks as the site
db_file = django_for_bench("symptomsite-bench-export")

from articles.models import Article  # noqa: E402
from public import export  # noqa: E402
from public.export.stores import Directory  # noqa: E402
from reviews.workflow import services  # noqa: E402
from tests.factories import reviewer_user  # noqa: E402

SLUG = "muscle-atrophy"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    fresh_demo(db_file)
    article = Article.objects.get(slug=SLUG)
    directory = Directory(Path(tempfile.mkdtemp(prefix="bench-export-")))
    started = time.perf_counter()
    full = export.export_pages(directory, export.site_paths())  # the pages; static files play no part here
    print(f"every page of the demo exported: {len(full.written)} files in {time.perf_counter() - started:.1f} s")
    times, touched = [], []
    for run in range(args.runs):
        before = export.showing(article.pk)
        services.confirm_still_accurate(article=article, reviewer=reviewer_user(f"bench-reviewer-{run}"))
        started = time.perf_counter()  # what the job does, without waiting for a worker to take it
        summary = export.export_pages(directory, export.changed_paths(article.pk, before))
        times.append((time.perf_counter() - started) * 1000)
        touched.append(len(summary.written))
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"incremental export after a confirmation of {SLUG}: p50 {statistics.median(ordered):.0f} ms, "
        f"p95 {p95:.0f} ms, {statistics.median(touched):.0f} files written (target: under 1,000 ms)"
    )


if __name__ == "__main__":
    main()
