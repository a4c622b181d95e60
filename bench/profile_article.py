"""Where does the time of a cached article page go, next to a bare Django view?

The goal is the cached article at half the speed of a bare view or better; before
choosing how, this shows where each one spends its time. Both go through the full
middleware stack in-process (no network, no load generator), with the demo loaded:

    python bench/profile_article.py [--requests 2000] [--top 25]

It prints microseconds per request for each, then the functions with the most time
per request of the article page beyond the bare view (own time, and cumulative time for
the middleware and views), so the difference is read off directly.
"""

import argparse
import cProfile
import pstats
import time

from common import django_for_bench, fresh_demo  # noqa: E402  (bench/ is on sys.path when run)

db_file = django_for_bench("symptomsite-bench-profile")

from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

ARTICLE = "/symptoms/muscle-atrophy/"


def bare_view(request):
    return HttpResponse("ok")


from symptomsite.urls import urlpatterns as site_urls  # noqa: E402

urlpatterns = [path("bare/", bare_view), *site_urls]  # the site's own list: i18n_patterns only works at the root


def per_request(client, url, count):
    for _ in range(50):
        client.get(url)  # warm: templates, caches, the rendering under its key
    started = time.perf_counter()
    for _ in range(count):
        client.get(url)
    return (time.perf_counter() - started) / count * 1e6


def profile(client, url, count):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    return {
        f"{key[0].split('site-packages/')[-1].split('/work/main/')[-1]}:{key[1]}({key[2]})": (tt, ct)
        for key, (_cc, _nc, tt, ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    fresh_demo(db_file)
    client = Client()
    with override_settings(ROOT_URLCONF=__name__):
        article_us = per_request(client, ARTICLE, args.requests)
        bare_us = per_request(client, "/bare/", args.requests)
        article = profile(client, ARTICLE, args.requests)
        bare = profile(client, "/bare/", args.requests)
    print(f"article {article_us:.0f} µs/request, bare view {bare_us:.0f} µs/request: ratio {bare_us / article_us:.2f}")
    print(f"\nThe article page's extra time per request (µs, under the profiler), top {args.top}:")
    print(f"{'own':>8}{'cumulative':>12}  function")
    extra = {
        name: (
            (tt - bare.get(name, (0, 0))[0]) / args.requests * 1e6,
            (ct - bare.get(name, (0, 0))[1]) / args.requests * 1e6,
        )
        for name, (tt, ct) in article.items()
    }
    for name, (own, cumulative) in sorted(extra.items(), key=lambda item: -item[1][1])[: args.top]:
        print(f"{own:>8.1f}{cumulative:>12.1f}  {name}")


if __name__ == "__main__":
    main()
