"""Requests per second through the cluster (`make cluster`, deploy/cluster.py), side by
side: a live article from the edge (Varnish), the same article from the app servers
through the balancer (HAProxy, two gunicorn nodes of 2 workers), from one node, and a
bare Django view on a gunicorn of 4 workers (the nodes' total) beside them, with the same
settings, database and cache: the framework's floor. wrk runs on the same 2-core machine
as everything else, so the figures are ratios first.

    python bench/cluster.py [--seconds 5] [--rounds 3] [--connections 32]

Needs the cluster running (make cluster) and wrk.
"""

import argparse
import shutil
import statistics
import sys
from pathlib import Path

from common import free_port, start_gunicorn, stop  # bench/ is on sys.path when run
from serve import NoServers, fetch, side_by_side_arguments, wrk

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

import cluster  # noqa: E402 - deploy/cluster.py

GOAL = 20.0  # the edge at least this many times the app servers' rate (issue 24)


def live_article(base: str) -> str:
    for slug in ("muscle-atrophy", "muscle-weakness", "fatigue", "joint-pain", "muscle-cramps"):
        if fetch(f"{base}/symptoms/{slug}/")[0] == 200:
            return f"/symptoms/{slug}/"
    sys.exit("no live demo article answers 200 through the cluster")


def main() -> None:
    args = side_by_side_arguments(__doc__)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    if not cluster.listening(cluster.PORTS["edge"]):
        sys.exit("the cluster is not running: make cluster")
    edge = f"http://127.0.0.1:{cluster.PORTS['edge']}"
    article = live_article(edge)
    env = {**cluster.app_env(), "DJANGO_SETTINGS_MODULE": "server_settings", "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}"}
    port = free_port()
    bare = start_gunicorn(env, port, workers=4, probe="/bench/bare/")
    try:
        rows = {
            "article, from the edge": edge + article,
            "article, balancer + 2 nodes": f"http://127.0.0.1:{cluster.PORTS['balancer']}{article}",
            "article, one node": f"http://127.0.0.1:{cluster.PORTS['node1']}{article}",
            "bare view, 4 workers": f"http://127.0.0.1:{port}/bench/bare/",
        }
        report(rows, args)
    finally:
        stop(bare)


def report(rows: dict[str, str], args: argparse.Namespace) -> None:
    options = {"connections": args.connections, "headers": {"Accept-Encoding": "gzip"}, "servers": NoServers()}
    runs: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.rounds):  # interleaved, so a busy moment hits every row alike
        for name, url in rows.items():
            wrk(url, seconds=1, **options)  # type: ignore[arg-type]
            runs[name].append(wrk(url, seconds=args.seconds, **options).rate)  # type: ignore[arg-type]
    rate = {name: statistics.median(found) for name, found in runs.items()}
    apps = rate["article, balancer + 2 nodes"]
    print(f"wrk -t2 -c{args.connections}, {args.rounds} × {args.seconds:g} s a row, interleaved; medians.")
    print(f"{'what':<30}{'req/s':>10}{'÷ app servers':>15}{'÷ bare view':>13}")
    for name in rows:
        print(
            f"{name:<30}{rate[name]:>10.0f}{rate[name] / apps:>15.2f}{rate[name] / rate['bare view, 4 workers']:>13.2f}"
        )
    ratio = rate["article, from the edge"] / apps
    print(f"edge ÷ app servers: {ratio:.1f} (goal: {GOAL:g}; {'met' if ratio >= GOAL else 'NOT met'})")


if __name__ == "__main__":
    main()
