"""The nginx configuration in deploy/nginx/, used as it is: `nginx -t` passes (the real
host's example with TLS too), and every file of the static export comes out of nginx as
the app serves its page: the same status and bytes, and the same headers (security,
caching, type, file name, Vary), compressed for any client that asks, one address per
page; whatever nginx hands to Django keeps its port and carries Django's headers once."""

import gzip
import http.client
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from django.conf import settings

from articles.models import Article
from public import export
from public.export import mirrors
from public.export.stores import Directory
from reviews.workflow import services
from tests.factories import editor_user, full_article, reviewer_user, two_live_articles
from tests.helpers import free_port, wait_until_serving
from tests.public.exports import pages

sys.path.insert(0, str(Path(settings.BASE_DIR) / "deploy"))
import local_nginx  # noqa: E402 - deploy/local_nginx.py writes nginx's configuration for this machine

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles"), pytest.mark.slow]

# What the app sends with a page that nginx must send with its file.
COMPARED = (
    "Content-Type", "Cache-Control", "Content-Security-Policy", "Permissions-Policy", "X-Frame-Options",
    "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy", "Content-Disposition", "X-Robots-Tag",
    "Strict-Transport-Security", "Vary", "Location",
)  # fmt: skip


def get(port: int, path: str, method: str = "GET", body: bytes | None = None, **headers: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(
        method, path, body=body, headers={"Host": f"127.0.0.1:{port}", **headers}
    )  # Host: may be replaced
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def compared(response) -> dict[str, object]:
    """The headers that must match; a policy's directives in any order (django-csp's vary)."""
    found: dict[str, object] = {}
    for name in COMPARED:
        values = response.headers.get_all(name) or []
        if name == "Content-Security-Policy":
            found[name] = [sorted(part.strip() for part in value.split(";")) for value in values]
        else:
            found[name] = values
    return found


@pytest.fixture
def site(live_server, tmp_path, site_admin):
    """Two live articles and a withdrawn one, exported; nginx serving the export in front of the app."""
    editor, reviewer = editor_user("nginx-editor"), reviewer_user("nginx-reviewer")
    two_live_articles(editor=editor, reviewer=reviewer)
    gone = full_article(slug="old-advice", title="Old advice", editor=editor, reviewer=reviewer)
    services.withdraw(article=gone, by=site_admin, reason="Outdated")
    static = tmp_path / "collected"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.0123abcd.css").write_text("body { color: black; }\n" * 20)
    root = tmp_path / "export"
    export.export_site(root, static_root=static)
    mirrors.forget(str(root))
    app = int(live_server.url.rsplit(":", 1)[1])
    with nginx(tmp_path / "nginx", root, upstream=f"127.0.0.1:{app}") as port:
        yield root, port, app


@contextmanager
def nginx(directory: Path, root: Path, *, upstream: str) -> Iterator[int]:
    """nginx with deploy/nginx/ serving ``root`` in front of ``upstream``; its port."""
    port = free_port()
    conf = local_nginx.nginx_conf(directory, port=port, upstream=[upstream], root=root)
    log = directory / "error.log"
    server = subprocess.Popen(local_nginx.nginx_command(conf), stderr=subprocess.STDOUT, stdout=log.open("a"))  # noqa: S603
    try:
        wait_until_serving(port, server, log)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def tool(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, check=False)  # noqa: S603 - nginx and openssl, our arguments


def test_the_configuration_passes_nginx_t_here_and_on_a_real_host_with_tls(tmp_path):
    conf = local_nginx.nginx_conf(tmp_path, port=free_port(), upstream=["127.0.0.1:9"], root=tmp_path / "export")
    assert tool("nginx", "-t", "-p", str(tmp_path), "-c", str(conf)).returncode == 0
    key, certificate = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    made = tool("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=health.example.org", "-keyout", str(key), "-out", str(certificate))  # fmt: skip
    assert made.returncode == 0, made.stderr.decode()  # a throwaway certificate for the example's TLS lines
    example = (Path(settings.BASE_DIR) / "deploy" / "nginx" / "example.conf").read_text()
    example = example.replace("/etc/letsencrypt/live/health.example.org", str(tmp_path))
    (tmp_path / "host.conf").write_text(
        f"pid {tmp_path}/host.pid;\nerror_log {tmp_path}/host.log;\n"
        "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\n"
        f"events {{}}\nhttp {{\n{example}\n}}\n"
    )
    checked = tool("nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "host.conf"))
    assert checked.returncode == 0, checked.stderr.decode()


def test_every_exported_page_is_served_with_the_apps_status_bytes_and_headers(site):
    root, port, app = site
    files = pages(root)
    assert "symptoms/old-advice/410.html" in files and "symptoms/hiccups/cite.ris" in files
    for relative, content in files.items():
        path = export.path_for(relative)
        served, body = get(port, path)
        live, live_body = get(app, path, Host=urlsplit(settings.SITE_URL).netloc)  # as the export asks
        assert (served.status, body) == (live.status, live_body) == (served.status, content), path
        assert compared(served) == compared(live), path
        assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', served.getheader("ETag") or ""), f"{path}: not from the file"
        assert served.getheader("Server") is None or "nginx/" not in served.getheader("Server"), path


def test_compressed_copies_one_address_per_page_and_static_files(site):
    """(One nginx for three checks: each test's site costs seconds.)"""
    root, port, app = site
    page = (root / "symptoms" / "hiccups" / "index.html").read_bytes()
    for encoding, decompress, extra in (
        ("gzip", gzip.decompress, {}),
        ("br", brotli.decompress, {}),
        ("gzip", gzip.decompress, {"Via": "1.1 a-proxy"}),  # behind a proxy too
    ):
        served, body = get(port, "/symptoms/hiccups/", **{"Accept-Encoding": encoding, **extra})
        assert served.getheader("Content-Encoding") == encoding
        assert decompress(body) == page
        assert served.getheader("Vary") == "Accept-Encoding"
        assert served.getheader("Cache-Control") == "public, max-age=60, s-maxage=300"

    for path in ("/symptoms/hiccups", "/symptoms/hiccups?from=feed", "/symptoms/old-advice", "/categories/muscles"):
        served, _ = get(port, path)
        live, _ = get(app, path)
        assert (served.status, served.getheader("Location")) == (live.status, live.getheader("Location")), path
        assert served.status == 301
    gone, _ = get(port, "/symptoms/old-advice/")
    assert gone.status == 410 and gone.getheader("Cache-Control") == "public, max-age=60, s-maxage=300"
    assert get(port, "/symptoms/old-advice/410.html")[0].status == 404
    assert get(port, "/.symptomsite-export")[0].status == 403

    served, _ = get(port, "/static/css/site.0123abcd.css")
    assert served.status == 200
    assert served.getheader("Cache-Control") == "public, max-age=315360000, immutable"
    assert served.getheader("X-Content-Type-Options") == "nosniff"
    assert served.getheader("Content-Type") == "text/css"


def test_what_goes_to_django_keeps_its_port_and_carries_its_headers_once(site):
    _, port, _ = site
    form, html = get(port, "/symptoms/hiccups/report/")
    assert form.status == 200
    assert len(form.headers.get_all("Content-Security-Policy") or []) == 1
    assert form.getheader("xkey") is None
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    cookie = form.getheader("Set-Cookie").split(";")[0]
    body = f"csrfmiddlewaretoken={token}&message=The+dose+is+wrong.".encode()
    posted, _ = get(
        port, "/symptoms/hiccups/report/", "POST", body=body,
        **{"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"},
    )  # fmt: skip
    assert posted.status == 302, "Django's origin check refused a POST through nginx"
    search, _ = get(port, "/search/?q=hiccups")
    assert search.status == 200 and len(search.headers.get_all("Content-Security-Policy") or []) == 1


def test_a_page_the_export_rewrote_is_served_new_within_a_second(site, site_admin):
    root, port, _ = site
    for _ in range(3):  # nginx now keeps the file's descriptor (open_file_cache)
        assert get(port, "/symptoms/hiccups/")[0].status == 200
    services.withdraw(article=Article.objects.get(slug="hiccups"), by=site_admin, reason="Outdated")
    export.export_pages(Directory(root), ["/symptoms/hiccups/"])  # what the withdrawal's job does first

    time.sleep(1.2)
    gone, body = get(port, "/symptoms/hiccups/")
    assert gone.status == 410 and body == (root / "symptoms" / "hiccups" / "410.html").read_bytes()


def test_with_no_app_server_answering_what_only_django_answers_is_the_offline_page(site, tmp_path):
    """Every app server down: the exported pages are served as before, and search, the
    navigator and the forms get the exported offline page with 503, never nginx's 502."""
    root, _, _ = site
    offline = (root / "offline" / "index.html").read_bytes()
    assert b"In an emergency, call" in offline
    with nginx(tmp_path / "down", root, upstream=f"127.0.0.1:{free_port()}") as port:  # nothing listens there
        assert get(port, "/symptoms/hiccups/")[0].status == 200
        for path in ("/search/?q=hiccups", "/navigator/", "/symptoms/hiccups/report/"):
            served, body = get(port, path)
            assert (served.status, body) == (503, offline), path
            assert served.getheader("Cache-Control") == "no-store" and served.getheader("Retry-After") == "60"
            assert served.getheader("X-Frame-Options") == "DENY" and served.getheader("Content-Security-Policy")
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        posted, body = get(port, "/symptoms/hiccups/report/", "POST", body=b"message=The+dose+is+wrong.", **form)
        assert (posted.status, body) == (503, offline)  # a form's POST too, not nginx's 405
