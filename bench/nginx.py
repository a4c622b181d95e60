"""The static export through the repository's nginx configuration (deploy/nginx/) beside
nginx sending a plain copy of the same file with nothing configured but a root, side by
side in one nginx (the same workers), interleaved rounds, medians: the goal is at least
0.9 of the plain file's rate (issue 24).

Builds a throwaway database (SQLite), loads the demo, exports it, then runs wrk on the
seed article's page both ways, as a browser asks (gzip and brotli accepted) and as a
client that takes no compression.

    python bench/nginx.py [--seconds 5] [--rounds 3] [--connections 32]

Needs nginx with libnginx-mod-http-brotli-static, and wrk.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import django_for_bench, free_port, fresh_demo  # bench/ is on sys.path when run
from serve import NoServers, side_by_side_arguments, wrk

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")  # the export asks as the site
db_file = django_for_bench("symptomsite-bench-nginx")

import cluster  # noqa: E402 - deploy/cluster.py
import local_nginx  # noqa: E402 - deploy/local_nginx.py writes nginx's configuration for this machine

from public.export import export_pages, site_paths  # noqa: E402
from public.export.stores import Directory  # noqa: E402

GOAL = 0.9
PAGE = "symptoms/muscle-atrophy/index.html"
ASKS = {"a browser (br, gzip)": {"Accept-Encoding": "gzip, deflate, br"}, "no compression": {}}


def main() -> None:
    args = side_by_side_arguments(__doc__)
    if shutil.which("wrk") is None or shutil.which("nginx") is None:
        sys.exit("needs nginx and wrk: apt-get install -y nginx-light libnginx-mod-http-brotli-static wrk")
    fresh_demo(db_file)
    work = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    export_pages(Directory(work / "export"), site_paths())
    plain = work / "plain"
    plain.mkdir()
    shutil.copyfile(work / "export" / PAGE, plain / "page.html")
    site_port, plain_port = free_port(), free_port()
    extra = f"    server {{\n        listen 127.0.0.1:{plain_port};\n        root {plain};\n    }}\n"
    conf = local_nginx.nginx_conf(
        work / "nginx", port=site_port, upstream=["127.0.0.1:9"], root=work / "export", workers=2, extra=extra
    )
    server = subprocess.Popen(local_nginx.nginx_command(conf))  # noqa: S603 - our configuration
    try:
        cluster.wait_for(site_port, "nginx")
        rows = {
            "the export, deploy/nginx/": f"http://127.0.0.1:{site_port}/{PAGE.removesuffix('index.html')}",
            "a plain file": f"http://127.0.0.1:{plain_port}/page.html",
        }
        report(rows, args)
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def report(rows: dict[str, str], args: argparse.Namespace) -> None:
    print(f"wrk -t2 -c{args.connections}, {args.rounds} × {args.seconds:g} s a row, interleaved; medians.")
    print(f"{'client':<24}{'the export':>12}{'plain file':>12}{'ratio':>8}")
    for client, headers in ASKS.items():
        options = {"connections": args.connections, "headers": headers, "servers": NoServers()}
        runs: dict[str, list[float]] = {name: [] for name in rows}
        for _ in range(args.rounds):
            for name, url in rows.items():
                wrk(url, seconds=1, **options)  # type: ignore[arg-type]
                runs[name].append(wrk(url, seconds=args.seconds, **options).rate)  # type: ignore[arg-type]
        site, plain = (statistics.median(runs[name]) for name in rows)
        verdict = "met" if site / plain >= GOAL else "NOT met"
        print(f"{client:<24}{site:>12.0f}{plain:>12.0f}{site / plain:>8.2f}  (goal {GOAL}: {verdict})")


if __name__ == "__main__":
    main()
