"""The export in S3-compatible object storage (public/export/bucket.py), against a real
local S3 server (moto's server mode, over HTTP as any S3 client talks): each full export
an immutable prefix made live by one pointer, sign-offs updating the live one, rollback
as one switch that is refused when it would show what is no longer true."""

import subprocess
import sys
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from public import export
from public.export.bucket import Bucket
from public.export.verify import differences
from reviews.workflow import services
from tests.factories import two_live_articles
from tests.helpers import free_port, run_jobs_here, wait_until_serving

pytestmark = pytest.mark.django_db

BUCKET = "symptomsite-mirror"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """moto_server on a port of its own: the address and keys go in boto3's environment."""
    port, log = free_port(), tmp_path_factory.mktemp("moto") / "moto.log"
    server = subprocess.Popen(  # noqa: S603 - the virtualenv's own moto_server
        [str(Path(sys.executable).with_name("moto_server")), "-p", str(port)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    wait_until_serving(port, server, log)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        }.items():
            patch.setenv(name, value)
        yield port
    server.terminate()
    server.wait(10)


@pytest.fixture
def bucket(s3_server, request) -> Bucket:
    """A bucket of the test's own."""
    mirror = Bucket(f"s3://{BUCKET}-{request.node.name[-20:].strip('_').lower().replace('_', '-')}/site")
    mirror.client.create_bucket(Bucket=mirror.bucket)
    return mirror


@pytest.fixture
def static_root(tmp_path) -> Path:
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text("body { color: black; }\n")
    (tmp_path / "css" / "site.css.gz").write_bytes(b"not uploaded: a CDN compresses")
    return tmp_path


@pytest.fixture
def site():
    return two_live_articles()


def test_a_full_export_is_a_new_prefix_made_live_by_one_pointer(site, bucket, static_root):
    summary = export.export_site(bucket.location, static_root=static_root)

    [name] = bucket.exports()
    assert bucket.current() == name
    live = bucket.live()
    assert live.location == f"s3://{bucket.bucket}/site/exports/{name}/"
    assert differences(bucket.location, static_root=static_root) == (summary.pages, [])
    head = bucket.client.head_object(Bucket=bucket.bucket, Key=f"site/exports/{name}/symptoms/hiccups/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert head["CacheControl"] == "public, max-age=60, s-maxage=300"
    names = live.names()
    assert "static/css/site.css" in names and "static/css/site.css.gz" not in names
    assert "symptoms/hiccups/cite.ris" in names


def test_a_sign_off_updates_the_live_export_only_and_a_rollback_is_one_switch_until_one(
    site, bucket, static_root, site_admin
):
    export.export_site(bucket.location, static_root=static_root)
    first = bucket.current()
    export.export_site(bucket.location, static_root=static_root)
    second = bucket.current()
    assert first != second and bucket.exports() == [first, second]
    export.rollback(bucket.location, first)  # nothing signed off since: the same pages
    assert bucket.current() == first
    export.rollback(bucket.location, second)
    before = {name: bucket.prefix(first).read(name) for name in bucket.prefix(first).names()}

    services.withdraw(article=site[1], by=site_admin, reason="Outdated")
    assert run_jobs_here() == 1

    live = bucket.prefix(second)
    assert live.read("symptoms/hiccups/index.html") is None
    assert live.read("symptoms/hiccups/410.html") is not None
    assert live.read("symptoms/hiccups/cite.ris") is None
    assert differences(bucket.location, static_root=static_root)[1] == []
    assert {name: bucket.prefix(first).read(name) for name in bucket.prefix(first).names()} == before
    with pytest.raises(RuntimeError, match="would show what is no longer true"):
        export.rollback(bucket.location, first)  # it still shows the withdrawn article
    assert bucket.current() == second
    with pytest.raises(RuntimeError, match="not a finished export"):
        export.rollback(bucket.location, "19990101T000000000000Z")


def test_verify_finds_an_object_changed_behind_its_back(site, bucket, static_root):
    export.export_site(bucket.location, static_root=static_root)
    live = bucket.live()
    bucket.client.put_object(Bucket=bucket.bucket, Key=live.key + "index.html", Body=b"<p>changed</p>")
    bucket.client.put_object(Bucket=bucket.bucket, Key=live.key + "symptoms/old/index.html", Body=b"old")
    bucket.client.delete_object(Bucket=bucket.bucket, Key=live.key + "static/css/site.css")

    assert sorted(differences(bucket.location, static_root=static_root)[1]) == [
        "index.html: differs from the live page",
        "static/css/site.css: missing (a collected static file)",
        "symptoms/old/index.html: no public page has this file",
    ]


def test_storage_that_fails_is_retried_and_shown(site, bucket, static_root, site_admin, monkeypatch, reviewer_client):
    export.export_site(bucket.location, static_root=static_root)
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nothing answers there

    services.withdraw(article=site[1], by=site_admin, reason="Outdated")
    run_jobs_here()

    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == "public.export.update_mirror"
    assert bucket.location in retry.args_kwargs["kwargs"]["error"]
    page = reviewer_client.get("/review/").content.decode()
    assert "Update the static mirror" in page and bucket.location in page
