"""Every public page, and the review dashboard, on the demo and on a generated site of
10,000 articles: is every page flat as the site grows?

Builds two PostgreSQL databases, dropped and made again each run: `bench_demo` (migrate
+ load_demo) and `bench_scale` (migrate + generate_content, through the real sign-off
workflow; reports its time and each approve's median/p95). Then, against each in turn,
starts gunicorn as production does (one sync worker, DEBUG off, collectstatic'd files)
and times every kind of public page sequentially over HTTP; the review dashboard is
timed in-process with Django's test client, logged in as a reviewer with a second
factor (what the login wizard leaves in the session), since logging in over plain HTTP
meets secure-only cookies. Prints a table of p50/p95 per page and the worker's RSS.

    python bench/scale.py [--articles 10000] [--conditions 5000] [--requests 20] [--jobs 2]
    python bench/scale.py --articles 1000 --conditions 500     # a quick run

BENCH_PG_URL names the PostgreSQL server (postgres://postgres@127.0.0.1:5432).
"""

import argparse
import base64
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from common import free_port, start_gunicorn, stop  # bench/ is on sys.path when run

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COMMON_WORD, MISSPELT = "doctor", "doctr"


def environment(database: str, static_root: Path, keys: dict[str, str]) -> dict[str, str]:
    """A production-like environment (DEBUG off, real keys, one worker, its own cache)."""
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    return {
        **os.environ,
        **keys,
        "DATABASE_URL": f"{server}/{database}",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "WEB_CONCURRENCY": "1",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "0",  # plain http on loopback, as behind a TLS-terminating proxy
        "DJANGO_SETTINGS_MODULE": "symptomsite.settings",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> str:
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def fresh_database(env: dict[str, str]) -> None:
    import psycopg

    server, name = env["DATABASE_URL"].rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    manage(env, "migrate", "--noinput")


def inside(env: dict[str, str], task: str, *args: str) -> dict:
    """Run ``task`` of this script in a process set up for ``env``'s database; its JSON."""
    command = [PYTHON, __file__, "--inside", task, *args]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        sys.exit(f"{task} failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


# What runs inside a process set up for one database (--inside).


def task_generate(articles: int, conditions: int, jobs: int) -> dict:
    from demo.generate import generate

    result = generate(articles=articles, conditions=conditions, seed=1, jobs=jobs)
    return {"seconds": result.seconds, "approve": percentiles(result.signoff_seconds), "listings": result.listings}


def task_facts() -> dict:
    """Real slugs to ask for: a popular and a rare condition, the biggest category, the
    busiest reviewer, articles, three symptoms for the navigator; and the reviewer to log in as."""
    from django.db.models import Count

    from reviews.readmodel.models import CategoryListing, ConditionListing, Publication

    conditions = ConditionListing.objects.public().values("condition_slug").annotate(n=Count("publication"))
    public = Publication.objects.public()
    reviewer = public.values("reviewer_slug").annotate(n=Count("pk")).order_by("-n", "reviewer_slug").first()
    return {
        "popular": conditions.order_by("-n", "condition_slug").first()["condition_slug"],
        "rare": conditions.order_by("n", "condition_slug").first()["condition_slug"],
        "category": CategoryListing.objects.values("slug").annotate(n=Count("pk")).order_by("-n", "slug")[0]["slug"],
        "reviewer": reviewer["reviewer_slug"],
        "articles": list(public.order_by("slug").values_list("slug", flat=True)[:200]),
    }


def task_dashboard(requests: int) -> dict:
    """Time /review/ for a logged-in reviewer with a verified second factor."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reviews.accounts.security import CONFIRMED_AT
    from reviews.provenance.models import ReviewerProfile

    profile = ReviewerProfile.objects.filter(active=True).select_related("user").order_by("pk").first()
    if profile is None:
        raise SystemExit("no active reviewer to open the dashboard as")
    client = Client()
    client.force_login(profile.user)
    device, _ = TOTPDevice.objects.get_or_create(user=profile.user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[CONFIRMED_AT] = int(time.time())
    session.save()
    times, size = [], 0
    for _ in range(requests + 1):
        started = time.perf_counter()
        response = client.get("/review/", secure=True)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"/review/ answered {response.status_code}")
        size = len(response.content)
    return {"times": times[1:], "bytes": size}


def run_inside(task: str, args: list[str]) -> None:
    import django

    django.setup()
    tasks: dict[str, Callable[..., dict]] = {
        "generate": task_generate,
        "facts": task_facts,
        "dashboard": task_dashboard,
    }
    print(json.dumps(tasks[task](*map(int, args))))


# The server and the pages.


def worker_rss(server: subprocess.Popen) -> int:
    """The gunicorn worker's resident memory in KB (VmRSS of the master's child)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


def get(base: str, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310 - loopback
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return time.perf_counter() - started, status, body


def links(body: bytes, pattern: str) -> list[str]:
    return list(dict.fromkeys(html.unescape(link) for link in re.findall(pattern, body.decode())))


def pages(base: str, facts: dict) -> list[tuple[str, str]]:
    """(name, path) of every page kind, with letter pages and sitemap sections as the
    A–Z pages and the sitemap index link to them."""
    found = [("home", "/"), ("symptoms A–Z", "/symptoms/")]
    letters = links(get(base, "/symptoms/")[2], r'href="(/symptoms/a-z/[^/"]+/)"')
    found += [("symptoms letter " + path.split("/")[3], path) for path in letters[:1] + letters[-1:]]
    found.append(("conditions A–Z", "/conditions/"))
    letters = links(get(base, "/conditions/")[2], r'href="(/conditions/a-z/[^/"]+/)"')
    found += [("conditions letter " + path.split("/")[3], path) for path in letters[:1]]
    three = "&".join(f"s={slug}" for slug in facts["articles"][:3])
    found += [
        ("condition (popular)", f"/conditions/{facts['popular']}/"),
        ("condition (rare)", f"/conditions/{facts['rare']}/"),
        ("category", f"/categories/{facts['category']}/"),
        ("article (cached)", f"/symptoms/{facts['articles'][0]}/"),
        ("reviewer", f"/reviewers/{facts['reviewer']}/"),
        ("navigator", "/navigator/"),
        ("navigator, 3 chosen", f"/navigator/?{three}"),
        ("search", f"/search/?q={COMMON_WORD}"),
        ("search, misspelt", f"/search/?q={MISSPELT}"),
        ("feed", "/feeds/reviewed/"),
        ("sitemap.xml", "/sitemap.xml"),
    ]
    sections = links(get(base, "/sitemap.xml")[2], r"<loc>https?://[^/<]+(/[^<]*sitemap[^<]*)</loc>")
    found += [(f"sitemap {path}", path) for path in sections]
    return found


def time_site(env: dict[str, str], facts: dict, requests: int) -> tuple[dict, dict[str, int]]:
    """{name: (p50, p95, bytes)} of every page over HTTP, and the worker's RSS."""
    port = free_port()
    server = start_gunicorn(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        results: dict[str, tuple[float, float, int]] = {}
        # First renders: articles nobody asked for since the server started, one request each.
        first = [get(base, f"/symptoms/{slug}/") for slug in facts["articles"][1 : requests + 1]]
        results["article (first render)"] = (*percentiles([t for t, _, _ in first]), len(first[0][2]))
        kinds = pages(base, facts)
        for _, path in kinds:
            status = get(base, path)[1]
            if status != 200:
                sys.exit(f"{path} answered {status}")
        rss = {"after every page once": worker_rss(server)}
        for name, path in kinds:
            timed = [get(base, path) for _ in range(requests)]
            results[name] = (*percentiles([t for t, _, _ in timed]), len(timed[-1][2]))
        rss["after all"] = worker_rss(server)
    finally:
        stop(server)
    dashboard = inside(env, "dashboard", str(requests))
    results["review dashboard (in-process)"] = (*percentiles(dashboard["times"]), dashboard["bytes"])
    return results, rss


def build(env: dict[str, str], *, articles: int, conditions: int, jobs: int) -> dict:
    """The generated site: generate_content's own accounts and content, nothing else."""
    fresh_database(env)
    return inside(env, "generate", str(articles), str(conditions), str(jobs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--conditions", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=20, help="Timed requests per page (20).")
    parser.add_argument("--jobs", type=int, default=2, help="generate_content's --jobs: one per core here (2).")
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.inside:
        run_inside(args.inside, rest)
        return
    keys = {
        "SECRET_KEY": "bench-" + base64.b64encode(os.urandom(30)).decode(),
        "AUDIT_KEY": base64.b64encode(os.urandom(32)).decode(),
        "SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
    }
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    try:
        demo_env = environment("bench_demo", static_root, keys)
        scale_env = environment("bench_scale", static_root, keys)
        manage(demo_env, "collectstatic", "--noinput")
        fresh_database(demo_env)
        manage(demo_env, "load_demo", "--accounts")
        generated = build(scale_env, articles=args.articles, conditions=args.conditions, jobs=args.jobs)
        print(
            f"generate_content --articles {args.articles} --conditions {args.conditions} --jobs {args.jobs}: "
            f"{generated['seconds']:.0f} s, {generated['listings']:,} condition listings; "
            f"approve p50 {generated['approve'][0]:.1f} ms, p95 {generated['approve'][1]:.1f} ms"
        )
        demo, demo_rss = time_site(demo_env, inside(demo_env, "facts"), args.requests)
        scale, scale_rss = time_site(scale_env, inside(scale_env, "facts"), args.requests)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    report(demo, scale, demo_rss, scale_rss, args)


def kind(name: str) -> str:
    """A page's kind: letter and sitemap pages may differ between the sites."""
    return re.sub(r" [A-Z#]$| /sitemap.*", "", name)


def report(demo: dict, scale: dict, demo_rss: dict, scale_rss: dict, args: argparse.Namespace) -> None:
    size = f"{args.articles:,}-article"
    print(f"\n{args.requests} sequential requests a page, gunicorn -w 1, DEBUG off, PostgreSQL")
    print(f"{'page':<44}{'demo p50/p95 ms':>18}{size + ' p50/p95 ms':>26}{'bytes':>11}")
    for name, (p50, p95, size_bytes) in scale.items():
        mine = demo.get(name) or next((v for k, v in demo.items() if kind(k) == kind(name)), None)
        left = f"{mine[0]:.0f}/{mine[1]:.0f}" if mine else "–"
        print(f"{name:<44}{left:>18}{f'{p50:.0f}/{p95:.0f}':>26}{size_bytes:>11,}")
    for when in ("after every page once", "after all"):
        print(f"worker RSS {when}: demo {demo_rss[when] / 1024:.0f} MB, {size} {scale_rss[when] / 1024:.0f} MB")


if __name__ == "__main__":
    main()
