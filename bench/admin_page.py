"""How long does the server take to show and to save the seed article's admin page?

Builds a throwaway database (SQLite file, or PostgreSQL with BENCH_DATABASE_URL), loads
the demo, logs the demo editor in, then, in-process through the full middleware stack:

  GET   /admin/articles/article/<muscle-atrophy>/change/   (what opening the page costs)
  POST  the same page posted back as a browser posts it, with one changed word in the
        lead (what Save costs: validation of every row, the history check, the write)

and prints the fastest run, the median and the 95th percentile in ms, queries per request and the fields
posted. The target is under 300 ms for both, on SQLite and on PostgreSQL.
    python bench/admin_page.py [--runs 30]
"""

import argparse
import statistics
import time

from common import django_for_bench, fresh_demo  # noqa: E402  (bench/ is on sys.path when run)

db_file = django_for_bench("symptomsite-bench-admin")

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from articles.models import Article  # noqa: E402
from tests.helpers import browser_form, login  # noqa: E402

SLUG = "muscle-atrophy"


def timed(call):
    started = time.perf_counter()
    response = call()
    return (time.perf_counter() - started) * 1000, response


def summary(times):
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    fresh_demo(db_file)
    article = Article.objects.get(slug=SLUG)
    url = f"/admin/articles/article/{article.pk}/change/"
    client = login(Client(), get_user_model().objects.get(username="editor"))
    client.get(url)  # warm templates and per-process caches

    gets, posts = [], []
    fields = 0
    for run in range(args.runs):
        ms, page = timed(lambda: client.get(url))
        assert page.status_code == 200, page.status_code
        gets.append(ms)
        data = browser_form(page.content.decode(), "article_form")
        data["lead"] = [data["lead"][0].rstrip(".") + (" again." if run % 2 else ".")]
        data["_continue"] = ["Save"]
        fields = sum(len(v) for v in data.values())
        ms, saved = timed(lambda data=data: client.post(url, data))
        assert saved.status_code == 302, saved.content.decode()[:500]
        posts.append(ms)

    with override_settings(DEBUG=True):
        reset_queries()
        page = client.get(url)
        get_queries = len(connection.queries)
        data = browser_form(page.content.decode(), "article_form")
        data["_continue"] = ["Save"]
        reset_queries()
        client.post(url, data)
        post_queries = len(connection.queries)

    print(f"database: {connection.vendor}; page: {url} ({SLUG}); {args.runs} runs; {fields} fields posted")
    print(f"{'request':<8}{'min ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for name, times, queries in (("GET", gets, get_queries), ("POST", posts, post_queries)):
        p50, p95 = summary(times)
        print(f"{name:<8}{min(times):>9.0f}{p50:>9.0f}{p95:>9.0f}{queries:>9}")


if __name__ == "__main__":
    main()
