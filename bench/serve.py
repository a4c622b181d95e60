"""Requests per second under a real server: the cached article page, the API's article
and a bare Django view, side by side in one run.

The goal is the cached article at half the rate of a bare Django view or better,
on the same machine, with the production set-up. This bench builds it: a PostgreSQL
database with the demo (BENCH_PG_URL names the server; the database is dropped and made
again), a real `collectstatic`, Redis as the shared cache, gunicorn with 2 sync workers,
and wrk as the load generator on the same machine. The bare view is a view that returns
a constant, mounted beside the site (bench/server_urls.py), so it goes through the same
middleware: it is the framework's floor here. Each URL gets a warm-up, then a timed wrk
run; rates are compared as ratios, since machines are noisy.

    python bench/serve.py [--seconds 5] [--rounds 3] [--connections 32] [--workers 2]

Needs wrk (Debian package `wrk`) and Redis at REDIS_URL (redis://127.0.0.1:6379/0).
"""

import argparse
import base64
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import NamedTuple

from common import free_port, start_gunicorn, stop  # bench/ is on sys.path when run

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "bench_serve"
ARTICLE = "muscle-atrophy"
URLS = {
    "article (cached)": f"/symptoms/{ARTICLE}/",
    "article, revalidated (304)": f"/symptoms/{ARTICLE}/",
    "api article": f"/api/v1/articles/{ARTICLE}",
    "bare view": "/bench/bare/",
}


def environment(static_root: Path) -> dict[str, str]:
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    return {
        **os.environ,
        "DATABASE_URL": f"{server}/{DATABASE}",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + base64.b64encode(os.urandom(30)).decode(),
        "SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
        "AUDIT_KEY": base64.b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CACHE_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "WEB_CONCURRENCY": "2",
        "STATIC_ROOT": str(static_root),
        "DJANGO_SETTINGS_MODULE": "server_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        # Plain http on loopback: no HTTPS redirect, as behind a TLS-terminating proxy.
        "SECURE_SSL_REDIRECT": "0",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603 - our own command


def fresh_database(env: dict[str, str]) -> None:
    """Drop and make the bench database, then migrate, load the demo and collect static."""
    import psycopg

    server = env["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--accounts")
    manage(env, "collectstatic", "--noinput")


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # 304 comes as an "error"
        return error.code, dict(error.headers), b""


def side_by_side_arguments(doc: str) -> argparse.Namespace:
    """--seconds, --connections and --rounds of a bench that interleaves rows of wrk runs."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


class NoServers:
    """For benches that compare rates only: wrk's CPU accounting counts no server process."""

    def cpu_seconds(self) -> float:
        return 0.0


class Run(NamedTuple):
    rate: float  # requests per second
    p50: str
    p99: str
    cpu_us: float  # CPU time per request of everything that served it, wrk included


def wrk(url: str, *, seconds: float, connections: int, headers: dict[str, str], servers: "Servers") -> Run:
    """One wrk run; exits if any answer was an error. Besides the rate, it counts the CPU
    time that the server's processes (gunicorn's workers, their PostgreSQL backends,
    Redis) and wrk itself spent per request: what the rate would be bound by on a
    machine doing nothing else, so it can be compared on a busy one."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    before = servers.cpu_seconds() + children_cpu_seconds()
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    spent = servers.cpu_seconds() + children_cpu_seconds() - before
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        sys.exit(f"wrk saw errors for {url}:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+(\S+)", output).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", output).group(1)  # type: ignore[union-attr]
    return Run(rate, p50, p99, spent / requests * 1e6)


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Servers:
    """The processes that serve the bench's requests: gunicorn's workers, the PostgreSQL
    backends connected to the bench database, Redis."""

    def __init__(self, master: int, env: dict[str, str]):
        self.master, self.env = master, env

    def pids(self) -> list[int]:
        import psycopg

        workers = [int(stat.parent.name) for stat in Path("/proc").glob("[0-9]*/stat") if _ppid(stat) == self.master]
        with psycopg.connect(self.env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE]).fetchall()
        redis = [int(stat.parent.name) for stat in Path("/proc").glob("[0-9]*/comm") if _comm(stat) == "redis-server"]
        return workers + [pid for (pid,) in rows] + redis

    def cpu_seconds(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in self.pids())


def _ppid(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _comm(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs of every row; medians are printed")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = environment(static_root)
    try:
        fresh_database(env)
        port = free_port()
        server = start_gunicorn(env, port, workers=args.workers, probe="/bench/bare/")
        try:
            report(f"http://127.0.0.1:{port}", args, Servers(server.pid, env))
        finally:
            stop(server)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


def report(base: str, args: argparse.Namespace, servers: Servers) -> None:
    status, headers, body = fetch(base + URLS["article (cached)"], **{"Accept-Encoding": "br, gzip"})
    if status != 200:
        sys.exit(f"the article answered {status}")
    etag = headers["ETag"]
    print(
        f"gunicorn {args.workers} sync workers, PostgreSQL, Redis cache; wrk {args.connections} connections; "
        f"{args.rounds} × {args.seconds:g} s a row, interleaved; medians.\n"
        f"The article is {len(body):,} bytes as sent ({headers.get('Content-Encoding')}). CPU µs/request: "
        "gunicorn workers + PostgreSQL backends + Redis + wrk."
    )
    runs: dict[str, list[Run]] = {name: [] for name in URLS}
    for _ in range(args.rounds):  # interleaved, so a busy moment hits every row alike
        for name, path in URLS.items():
            headers = {"Accept-Encoding": "br, gzip"}
            if "304" in name:
                headers["If-None-Match"] = etag
            options = {"connections": args.connections, "headers": headers, "servers": servers}
            wrk(base + path, seconds=1, **options)  # warm-up
            runs[name].append(wrk(base + path, seconds=args.seconds, **options))
    rate = {name: statistics.median(run.rate for run in results) for name, results in runs.items()}
    cpu = {name: statistics.median(run.cpu_us for run in results) for name, results in runs.items()}
    print(f"{'what':<28}{'req/s':>9}{'p50':>10}{'p99':>10}{'CPU µs':>9}{'÷ bare':>8}{'by CPU':>8}")
    for name, results in runs.items():
        middle = sorted(results)[len(results) // 2]
        bare_rate, bare_cpu = rate[name] / rate["bare view"], cpu["bare view"] / cpu[name]
        print(
            f"{name:<28}{rate[name]:>9.0f}{middle.p50:>10}{middle.p99:>10}{cpu[name]:>9.0f}"
            f"{bare_rate:>8.2f}{bare_cpu:>8.2f}"
        )
    by_rate = rate["article (cached)"] / rate["bare view"]
    by_cpu = cpu["bare view"] / cpu["article (cached)"]
    print(
        f"cached article ÷ bare view: {by_rate:.2f} by requests/s, {by_cpu:.2f} by CPU per request "
        f"(goal: 0.5; {'met' if min(by_rate, by_cpu) >= 0.5 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
