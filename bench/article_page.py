"""How fast is the public article page, and what does reading the snapshot save?

Builds a throwaway database (SQLite file, or PostgreSQL with BENCH_DATABASE_URL), loads
the demo, then serves /symptoms/muscle-atrophy/ in-process through Django's full
middleware stack and prints requests per second and queries per request for:

  snapshot  the real view: live page + revision snapshot (what readers get)
  orm       the same template fed by load_documents() from the working-copy tables
  bare      a view that returns a constant (the framework floor on this machine)
  api       the same article from the content API, signed (/api/v1/articles/<slug>)
  api 304   the API asked again with the ETag it gave (If-None-Match)

Ratios matter more than absolute numbers: machines are noisy.
    python bench/article_page.py [--seconds 3]
"""

import argparse
import time

from common import django_for_bench, fresh_demo  # noqa: E402  (bench/ is on sys.path when run)

db_file = django_for_bench("symptomsite-bench")

from django.db import connection, reset_queries  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from articles.document import load_documents  # noqa: E402
from articles.models import Article  # noqa: E402
from public.rendering import render_article  # noqa: E402

SLUG = "muscle-atrophy"


def orm_view(request):
    pk = Article.objects.values_list("pk", flat=True).get(slug=SLUG)
    return render_article(request, load_documents([pk])[pk])


def bare_view(request):
    return HttpResponse("ok")


from symptomsite.urls import urlpatterns as site_urls  # noqa: E402

urlpatterns = [
    path("orm/", orm_view),
    path("bare/", bare_view),
    *site_urls,
]  # the site's own list: i18n_patterns only works at the root


def measure(client, url, seconds, status=200, **headers):
    client.get(url, **headers)  # warm caches (templates, Markdown)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        response = client.get(url, **headers)
        assert response.status_code == status, (url, response.status_code)
        count += 1
    elapsed = time.perf_counter() - started
    with override_settings(DEBUG=True):
        reset_queries()
        client.get(url, **headers)
        queries = len(connection.queries)
    return count / elapsed, queries, len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    fresh_demo(db_file)
    client = Client()
    print(f"database: {connection.vendor}; page: /symptoms/{SLUG}/; {args.seconds:.0f} s per row")
    results = {}
    results["snapshot"] = measure(client, f"/symptoms/{SLUG}/", args.seconds)
    with override_settings(ROOT_URLCONF=__name__):
        results["orm"] = measure(client, "/orm/", args.seconds)
        results["bare"] = measure(client, "/bare/", args.seconds)
    api = f"/api/v1/articles/{SLUG}"
    results["api"] = measure(client, api, args.seconds)
    etag = client.get(api)["ETag"]
    results["api 304"] = measure(client, api, args.seconds, status=304, HTTP_IF_NONE_MATCH=etag)
    print(f"{'how':<10}{'req/s':>10}{'queries':>10}{'bytes':>10}")
    for name, (rate, queries, size) in results.items():
        print(f"{name:<10}{rate:>10.0f}{queries:>10}{size:>10}")
    print(f"snapshot / orm: {results['snapshot'][0] / results['orm'][0]:.2f}x")
    print(f"api / snapshot: {results['api'][0] / results['snapshot'][0]:.2f}x")


if __name__ == "__main__":
    main()
