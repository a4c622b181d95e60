"""The Nu Html Checker (vnu.jar, from package.json) for the tests: started once per test
process as its own web service on a loopback port, then asked over HTTP for each page.
Starting the JVM and reading the HTML spec takes seconds; a warm checker answers a page
in tens of milliseconds, so tests that check HTML no longer pay the start each."""

import atexit
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
START_SECONDS = 60
_service: dict[str, str] = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start() -> str:
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("HTML validation needs Java and node_modules/vnu-jar (make install runs npm ci)", pytrace=False)
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
    atexit.register(server.terminate)
    url = f"http://127.0.0.1:{port}/?out=json&level=error"
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"The HTML checker stopped as it started (exit {server.returncode}).", pytrace=False)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return url
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"The HTML checker did not start within {START_SECONDS} s.", pytrace=False)


def _errors(url: str, document: bytes) -> list[str]:
    request = urllib.request.Request(url, data=document, headers={"Content-Type": "text/html; charset=utf-8"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 - loopback
        messages = json.loads(answer.read())["messages"]
    return [message["message"] for message in messages if message.get("type") in {"error", "non-document-error"}]


def vnu_problems(files: dict[str, str]) -> list[str]:
    """The checker's errors in ``files`` ({path: label}), as "label: message"."""
    if "url" not in _service:
        _service["url"] = _start()
    url = _service["url"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = pool.map(lambda path: _errors(url, Path(path).read_bytes()), files)
        return [f"{label}: {error}" for label, errors in zip(files.values(), found, strict=True) for error in errors]
