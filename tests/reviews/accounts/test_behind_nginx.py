"""Login lockout behind a real nginx, configured as deploy/nginx/ is, with clients on
different loopback addresses: a forged X-Forwarded-For locks out only the forger."""

import http.client
import re
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings

from tests.factories import PASSWORD
from tests.helpers import free_port, wait_until_serving

sys.path.insert(0, str(Path(django_settings.BASE_DIR) / "deploy"))
import local_nginx  # noqa: E402 - deploy/local_nginx.py: nginx with deploy/nginx/ as it is

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    """nginx on a loopback port in front of the live server, with the repository's
    configuration (deploy/nginx/) as it is, TRUSTED_PROXIES=1 as with BEHIND_PROXY=1."""
    settings.TRUSTED_PROXIES = 1
    port, root = free_port(), tmp_path / "export"
    root.mkdir()
    conf = local_nginx.nginx_conf(tmp_path / "nginx", port=port, upstream=[urlsplit(live_server.url).netloc], root=root)
    log = tmp_path / "nginx" / "error.log"
    with log.open("a") as output:
        process = subprocess.Popen(local_nginx.nginx_command(conf), stdout=output, stderr=output)  # noqa: S603
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
