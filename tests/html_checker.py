"""The Nu Html Checker (vnu.jar, from package.json) for the tests: a web service on a
loopback port, asked over HTTP for each page. Starting the JVM and reading the HTML spec
takes seconds; a warm checker answers a page in tens of milliseconds.

`make test` starts one checker for both of its pytest processes
(`python -m tests.html_checker COMMAND...` runs COMMAND with VNU_URL naming it, then
stops it); any other run starts one in the test process the first time a test asks."""

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
START_SECONDS = 60
_service: dict[str, str] = {}


class CheckerUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def launch() -> tuple[subprocess.Popen, str]:
    """Start the checker; return its process and the URL to post pages to (it listens a
    few seconds later: see listening())."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        raise CheckerUnavailable("HTML validation needs Java and node_modules/vnu-jar (make install runs npm ci)")
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own jar, a loopback port
        [
            java,
            "-cp",
            str(VNU),
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}/?out=json&level=error"


def listening(url: str, server: subprocess.Popen | None = None) -> None:
    """Wait until the checker at ``url`` takes connections (and ``server``, when it is
    ours, has not stopped)."""
    port = int(url.split(":")[2].split("/")[0])
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise CheckerUnavailable(f"The HTML checker stopped as it started (exit {server.returncode}).")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise CheckerUnavailable(f"The HTML checker did not start within {START_SECONDS} s.")


def _url() -> str:
    if "url" not in _service:
        import pytest

        try:
            if os.environ.get("VNU_URL"):  # started for every test process (`make test`)
                listening(os.environ["VNU_URL"])
                _service["url"] = os.environ["VNU_URL"]
            else:
                server, url = launch()
                atexit.register(server.terminate)
                listening(url, server)
                _service["url"] = url
        except CheckerUnavailable as error:
            pytest.fail(str(error), pytrace=False)
    return _service["url"]


def _errors(url: str, document: bytes) -> list[str]:
    request = urllib.request.Request(url, data=document, headers={"Content-Type": "text/html; charset=utf-8"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 - loopback
        messages = json.loads(answer.read())["messages"]
    return [message["message"] for message in messages if message.get("type") in {"error", "non-document-error"}]


def vnu_problems(files: dict[str, str]) -> list[str]:
    """The checker's errors in ``files`` ({path: label}), as "label: message"."""
    url = _url()
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = pool.map(lambda path: _errors(url, Path(path).read_bytes()), files)
        return [f"{label}: {error}" for label, errors in zip(files.values(), found, strict=True) for error in errors]


def main(command: list[str]) -> int:
    """Run ``command`` with one checker for every test process it starts; the checker
    warms up while the command starts."""
    if not command:
        sys.stderr.write("usage: python -m tests.html_checker COMMAND [ARGS...]\n")
        return 2
    try:
        server, url = launch()
    except CheckerUnavailable as error:
        sys.stderr.write(f"{error}\n")
        return 1
    try:
        return subprocess.run(command, env={**os.environ, "VNU_URL": url}, check=False).returncode  # noqa: S603
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
