"""A newcomer's first hour: `make run PORT=…` as the README gives it, from the Makefile
itself, on a database of its own. Every absolute address the demo serves names that port,
its articles verify with the README's commands, and `make demo-code` prints a code."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.slow]
ROOT = Path(settings.BASE_DIR)
ADDRESS = re.compile(r"https?://(?:127\.0\.0\.1|localhost)(?::(\d+))?")
PAGES = [
    "/",
    "/symptoms/back-pain/",
    "/conditions/stroke/",
    "/symptoms/back-pain/cite.ris",
    "/symptoms/back-pain/cite.bib",
    "/api/v1/articles/back-pain",
    "/api/v1/",
    "/robots.txt",
    "/sitemap.xml",
    "/feeds/reviewed/",
    "/.well-known/symptomsite-keys.json",
    "/log/v1/checkpoint",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server on loopback
        return response.read().decode()


@pytest.fixture
def demo_site(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "PORT": str(port)}
    for name in ("SITE_URL", "SIGNING_KEY", "SIGNING_KEY_FILE", "DEBUG"):
        env.pop(name, None)
    server = subprocess.Popen(  # noqa: S603 - make, from the checkout
        ["make", "--no-print-directory", "run", f"PORT={port}"],  # noqa: S607
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                get(base + "/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.25)
        yield base, port, env, tmp_path
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def test_make_run_on_another_port_serves_every_address_with_it_and_verifies(demo_site):
    base, port, env, tmp_path = demo_site
    wrong = {}
    for path in PAGES:
        ports = {found or "80" for found in ADDRESS.findall(get(base + path))}
        if ports - {str(port)}:
            wrong[path] = ports
    assert wrong == {}

    (tmp_path / "article.json").write_text(get(base + "/api/v1/articles/back-pain"))
    (tmp_path / "keys.json").write_text(get(base + "/.well-known/symptomsite-keys.json"))
    assert json.loads((tmp_path / "keys.json").read_text())["keys"]
    result = subprocess.run(  # noqa: S603 - the README's example
        [sys.executable, str(ROOT / "examples" / "verify_article.py"), "article.json", "keys.json", "--site", base],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Verified:") and "Current:" in result.stdout

    code = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", "demo-code"],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert code.returncode == 0 and re.fullmatch(r"\d{6}\n", code.stdout), code.stdout + code.stderr
