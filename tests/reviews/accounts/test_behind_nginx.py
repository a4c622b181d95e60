"""Login lockout behind a real nginx, configured as docs/deployment.md says, with clients on
different loopback addresses: a forged X-Forwarded-For locks out only the forger."""

import http.client
import os
import re
import shutil
import subprocess
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings

from tests.factories import PASSWORD
from tests.helpers import free_port, wait_until_serving

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOYMENT = Path(django_settings.BASE_DIR) / "docs" / "deployment.md"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


def documented_server_block() -> str:
    """The nginx configuration in docs/deployment.md, as a reader would copy it."""
    return re.search(r"```nginx\n(.*?)```", DEPLOYMENT.read_text(), re.S).group(1)


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    """nginx on a loopback port in front of the live server, TRUSTED_PROXIES=1 as with
    BEHIND_PROXY=1. Only what cannot run here is changed: the port, no TLS, the upstream,
    the export folder, and brotli_static (a module Debian's nginx-light lacks)."""
    if not os.access(NGINX, os.X_OK):
        pytest.fail("This test needs nginx: apt-get install -y nginx-light")
    settings.TRUSTED_PROXIES = 1
    port, upstream = free_port(), urlsplit(live_server.url).netloc
    server = documented_server_block()
    server = server.replace("server 127.0.0.1:8000;", f"server {upstream};")
    server = server.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    server = server.replace("root /srv/symptomsite/export;", f"root {tmp_path / 'export'};")
    server = server.replace("    brotli_static on;\n", "")
    (tmp_path / "export").mkdir()
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user} daemon off; worker_processes 1; pid {tmp_path}/nginx.pid;\n"
        "events {}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        f"fastcgi_temp_path {tmp_path}/f; uwsgi_temp_path {tmp_path}/u; scgi_temp_path {tmp_path}/s;\n{server}\n}}\n"
    )
    log = tmp_path / "error.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - nginx with our own configuration
            [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(log)],
            stdout=output,
            stderr=output,
        )
    wait_until_serving(port, process, log)
    yield port
    process.terminate()
    process.wait(timeout=10)


class LoginFrom:
    """A browser at one loopback address, logging in through nginx (cookies, CSRF token)."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, SimpleCookie()

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20, source_address=(self.address, 0))
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        connection.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response.status, response.read().decode()

    def log_in(self, username: str, password: str, forwarded_for: str = "") -> int:
        _, page = self.request("GET", "/account/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {
            "csrfmiddlewaretoken": token,
            "login_view-current_step": "auth",
            "auth-username": username,
            "auth-password": password,
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        status, _ = self.request("POST", "/account/login/", urlencode(form), headers)
        return status


def test_a_forged_forwarded_for_behind_nginx_locks_out_only_the_forger(nginx, reviewer):
    victim, attacker = "127.0.0.3", "127.0.0.2"
    forger = LoginFrom(nginx, attacker)
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert forger.log_in("reviewer", "wrong password", forwarded_for=victim) == 200  # the form again
    assert forger.log_in("reviewer", "wrong password", forwarded_for=victim) == 429  # the last one allowed
    assert forger.log_in("reviewer", PASSWORD, forwarded_for=victim) == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {attacker}
    assert LoginFrom(nginx, victim).log_in("reviewer", PASSWORD) == 302  # on to set up a second factor
