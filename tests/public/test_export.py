"""The static export (public/export/): every public page written as a file, byte for byte
what the live site answers, and brought up to date after each sign-off or withdrawal by
a job the change enqueues, whatever process made it.

The demo and its full export are made once for the module (most of a test's time); each
test reads them, or changes its own copy of the export in a transaction rolled back after
it (tests/conftest.py's kept_for_the_group)."""

import gzip
import logging
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Condition, WarningSign
from public import export, queries
from public.export import mirrors
from public.models import Mirror
from reviews.models import Publication
from reviews.workflow import services
from tests.conftest import kept_for_the_group
from tests.factories import editor_user, reviewer_user
from tests.helpers import edit, run_jobs_here
from tests.public.exports import approve_edit, assert_matches_live, changed, pages, snapshot, verify

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """collectstatic's output (tests/public/test_http_caching.py runs the real one)."""
    root = tmp_path_factory.mktemp("collected")
    (root / "css").mkdir()
    (root / "css" / "site.css").write_text("body { color: black; }\n")
    return root


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site, loaded once for the module."""
    with kept_for_the_group(django_db_blocker):
        call_command("load_demo", verbosity=0)
        yield


@pytest.fixture(scope="module")
def full_export(demo, tmp_path_factory, static_root, django_db_blocker) -> tuple[Path, export.Summary]:
    """The demo exported once, and its summary: for tests that only read the files."""
    directory = tmp_path_factory.mktemp("export") / "site"
    with django_db_blocker.unblock():
        summary = export.export_site(directory, static_root=static_root)
        mirrors.forget(str(directory))  # read only: a test updates its own copy (copy_of)
    return directory, summary


@pytest.fixture(scope="module")
def small_pages_export(demo, tmp_path_factory, static_root, django_db_blocker) -> Path:
    """The demo exported once with listings of two entries a page (small_pages)."""
    directory = tmp_path_factory.mktemp("export-small") / "site"
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        shrink_listings(patch)
        export.export_site(directory, static_root=static_root)
        mirrors.forget(str(directory))
    return directory


def copy_of(directory: Path, tmp_path: Path) -> Path:
    """A test's own copy of a shared export, registered as a mirror: each change enqueues
    its update (run by run_jobs_here)."""
    site = Path(shutil.copytree(directory, tmp_path / "site", symlinks=True))
    Mirror.objects.create(location=str(site))
    return site


@pytest.fixture
def site_client(settings) -> Client:
    """Anonymous, at the site's own address (the feed's links name the request's host)."""
    site = urlsplit(settings.SITE_URL)
    return Client(HTTP_HOST=site.netloc)


def test_every_exported_page_is_the_live_response_byte_for_byte(full_export, site_client):
    directory, summary = full_export

    exported = pages(directory)
    assert {"index.html", "symptoms/index.html", "conditions/index.html", "sitemap.xml", "robots.txt"} <= set(exported)
    assert "feeds/reviewed/index.atom" in exported
    assert "symptoms/muscle-atrophy/index.html" in exported
    assert any(name.startswith("categories/") for name in exported)
    assert any(name.startswith("conditions/") and name != "conditions/index.html" for name in exported)
    assert any(name.startswith("reviewers/") for name in exported)
    # A–Z letter pages and the sitemap's sections, as their own files.
    assert {"symptoms/a-z/m/index.html", "conditions/a-z/g/index.html", "sitemap-articles-1.xml"} <= set(exported)
    assert "sitemap-pages-1.xml" in exported and "sitemap-conditions-1.xml" in exported
    assert (directory / "static" / "css" / "site.css").read_bytes() == b"body { color: black; }\n"
    assert (summary.pages, summary.static) == (len(exported), 1)
    assert_matches_live(directory, site_client)


def test_pages_have_compressed_copies_of_the_same_bytes(full_export):
    page = full_export[0] / "symptoms" / "muscle-atrophy" / "index.html"
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress(page.with_name("index.html.br").read_bytes()) == page.read_bytes()


def test_a_second_export_writes_nothing_and_removes_what_is_no_longer_public(full_export, tmp_path, static_root):
    site = copy_of(full_export[0], tmp_path)
    (site / "categories" / "retired").mkdir()
    (site / "categories" / "retired" / "index.html").write_text("old")

    summary = export.export_site(site, static_root=static_root)

    assert summary.written == []
    assert summary.removed == ["categories/retired/index.html"]
    assert not (site / "categories" / "retired").exists()


def test_the_export_refuses_a_directory_it_did_not_write(demo, tmp_path, static_root):
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(RuntimeError, match="no export wrote"):
        export.export_site(tmp_path, static_root=static_root)
    assert (tmp_path / "notes.txt").exists()
    assert not Mirror.objects.exists()  # refused, so never updated after a sign-off either


def test_the_command_prints_a_summary(demo, tmp_path, static_root, capsys):
    call_command("export_site", str(tmp_path / "out"), static_root=str(static_root))

    assert "pages and 1 static files (" in capsys.readouterr().out
    assert (tmp_path / "out" / "index.html").is_file()


def test_a_sign_off_rewrites_only_the_pages_it_changes(full_export, tmp_path, site_client):
    site = copy_of(full_export[0], tmp_path)
    before = snapshot(site)
    article = Article.objects.get(slug="muscle-atrophy")
    publication = Publication.objects.get(article=article)
    expected = {export.file_for(path) for path in export.showing(article.pk).paths}

    approve_edit(article, lead=article.lead + " Reviewed again.")
    assert run_jobs_here() == 1
    services.confirm_still_accurate(article=article, reviewer=reviewer_user("export-reviewer-2"))
    started = time.perf_counter()
    assert run_jobs_here() == 1
    seconds = time.perf_counter() - started

    files = {name.removesuffix(".gz").removesuffix(".br") for name in changed(before, snapshot(site))}
    assert "symptoms/muscle-atrophy/index.html" in files
    assert "reviewers/export-reviewer/index.html" in files  # a new page: its reviewer's
    expected |= {"reviewers/export-reviewer/index.html", "reviewers/export-reviewer-2/index.html"}
    assert files <= expected
    assert publication.slug == "muscle-atrophy"
    assert_matches_live(site, site_client)
    # The time goal (under a second) is bench/export.py's: a timed assertion here failed
    # on a busy machine (1.1 and 1.4 s) while the same code measured 0.6 s on its own.
    print(f"incremental export after a confirmation: {seconds * 1000:.0f} ms")  # noqa: T201 - the figure


def test_a_withdrawal_turns_the_page_into_its_410_and_unlinks_it(
    full_export, tmp_path, settings, site_client, site_admin
):
    site = copy_of(full_export[0], tmp_path)
    settings.STATIC_EXPORT_DIR = ""  # a process without the setting: the mirror is updated all the same
    linking_page = site / "symptoms" / "joint-pain" / "index.html"
    assert b'href="/symptoms/muscle-atrophy/"' in linking_page.read_bytes()

    services.withdraw(article=Article.objects.get(slug="muscle-atrophy"), by=site_admin, reason="Outdated")
    assert (site / "symptoms" / "muscle-atrophy" / "index.html").is_file()  # until its job runs
    assert run_jobs_here() == 1

    assert not (site / "symptoms" / "muscle-atrophy" / "index.html").exists()
    assert not (site / "symptoms" / "muscle-atrophy" / "index.html.gz").exists()
    assert (site / "symptoms" / "muscle-atrophy" / export.GONE).is_file()
    assert not (site / "symptoms" / "muscle-atrophy" / "cite.ris").exists()
    assert b'href="/symptoms/muscle-atrophy/"' not in linking_page.read_bytes()
    for page in pages(site).values():
        assert b'href="/symptoms/muscle-atrophy/"' not in page
    assert_matches_live(site, site_client)


def test_a_failing_update_is_retried_until_it_succeeds_and_never_fails_the_sign_off(
    full_export, tmp_path, monkeypatch, caplog, site_client
):
    site = copy_of(full_export[0], tmp_path)
    article = Article.objects.get(slug="fatigue")
    real = export.render

    def broken(path, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export, "render", broken)
    with caplog.at_level(logging.ERROR):
        services.confirm_still_accurate(article=article, reviewer=reviewer_user("export-reviewer"))
        run_jobs_here()

    assert Publication.objects.get(article=article).history[0]["slug"] == "export-reviewer"
    assert "could not update" in caplog.text
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 1
    assert "disk full" in retry.args_kwargs["kwargs"]["error"]
    monkeypatch.setattr(export, "render", real)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)  # its backoff has passed
    assert run_jobs_here() == 1
    assert_matches_live(site, site_client)


def test_without_a_mirror_nothing_is_enqueued(demo, settings):
    settings.STATIC_EXPORT_DIR = "/srv/export"  # a setting is not a mirror: export_site registers one
    services.confirm_still_accurate(article=Article.objects.get(slug="fatigue"), reviewer=reviewer_user("r2"))
    assert not DBTaskResult.objects.filter(task_path="public.export.update_mirror").exists()


def test_the_update_is_enqueued_only_if_the_change_commits(full_export, tmp_path, site_admin):
    copy_of(full_export[0], tmp_path)
    article = Article.objects.get(slug="fatigue")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.withdraw(article=article, by=site_admin, reason="Outdated")
        assert DBTaskResult.objects.filter(task_path="public.export.update_mirror").count() == 1
        raise RuntimeError("the change fails after the job was written")
    assert not DBTaskResult.objects.exists()


def test_if_the_pages_showing_it_cannot_be_read_the_update_rewrites_every_page(
    full_export, tmp_path, monkeypatch, site_client, site_admin
):
    site = copy_of(full_export[0], tmp_path)
    real = export.showing

    def broken(article_id):
        raise RuntimeError("a listing that cannot be read")

    monkeypatch.setattr(export, "showing", broken)
    services.withdraw(article=Article.objects.get(slug="muscle-atrophy"), by=site_admin, reason="Outdated")
    monkeypatch.setattr(export, "showing", real)
    assert DBTaskResult.objects.get().args_kwargs["args"][1] is None

    assert run_jobs_here() == 1
    assert (site / "symptoms" / "muscle-atrophy" / export.GONE).is_file()
    assert_matches_live(site, site_client)


def test_a_burst_of_changes_is_written_in_one_pass(full_export, tmp_path, site_client, site_admin):
    site = copy_of(full_export[0], tmp_path)
    for slug in ("muscle-atrophy", "fatigue", "joint-pain"):
        services.withdraw(article=Article.objects.get(slug=slug), by=site_admin, reason="Outdated")
    assert run_jobs_here() == 1  # the first took the other two
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert_matches_live(site, site_client)


def test_a_mirror_planted_in_the_database_writes_into_no_folder_without_an_export(demo, tmp_path, site_admin):
    """Someone with database access points a mirror at a folder of theirs (or of the system's)."""
    (tmp_path / "notes.txt").write_text("mine")
    Mirror.objects.create(location=str(tmp_path))
    services.withdraw(article=Article.objects.get(slug="fatigue"), by=site_admin, reason="Outdated")

    assert run_jobs_here() == 1
    assert [file.name for file in tmp_path.iterdir()] == ["notes.txt"]
    assert "holds no export" in DBTaskResult.objects.get(status="READY").args_kwargs["kwargs"]["error"]


def test_a_forgotten_mirror_is_left_alone(full_export, tmp_path, site_admin):
    site = copy_of(full_export[0], tmp_path)
    services.withdraw(article=Article.objects.get(slug="fatigue"), by=site_admin, reason="Outdated")
    call_command("export_site", str(site), forget=True, stdout=open(os.devnull, "w"))
    assert run_jobs_here() == 1
    assert (site / "symptoms" / "fatigue" / "index.html").is_file()
    assert DBTaskResult.objects.get().return_value == {"location": str(site), "forgotten": True}


def test_a_withdrawal_takes_effect_even_when_another_page_fails(full_export, tmp_path, monkeypatch, caplog, site_admin):
    site = copy_of(full_export[0], tmp_path)
    real = export.render

    def home_breaks(path, **kwargs):
        if path == "/":
            raise OSError("template missing")
        return real(path, **kwargs)

    monkeypatch.setattr(export, "render", home_breaks)
    with caplog.at_level(logging.ERROR):
        services.withdraw(article=Article.objects.get(slug="muscle-atrophy"), by=site_admin, reason="Outdated")
        run_jobs_here()

    assert not (site / "symptoms" / "muscle-atrophy" / "index.html").exists()
    assert (site / "symptoms" / "muscle-atrophy" / export.GONE).is_file()
    linking_page = site / "symptoms" / "joint-pain" / "index.html"
    assert b'href="/symptoms/muscle-atrophy/"' not in linking_page.read_bytes()
    assert "/ (error)" in caplog.text  # the broken page is named, keeps its old file, and is retried
    assert "/ (error)" in DBTaskResult.objects.get(status="READY").args_kwargs["kwargs"]["error"]


def shrink_listings(patch: pytest.MonkeyPatch) -> None:
    """Listings of two entries a page (A–Z letters of one), so the demo has later pages."""
    patch.setattr(queries, "LIST_PAGE_SIZE", 2)
    patch.setattr(queries, "A_TO_Z_PAGE_SIZE", 1)


@pytest.fixture
def small_pages(monkeypatch):
    shrink_listings(monkeypatch)


def test_later_pages_of_listings_are_exported(small_pages_export, site_client, small_pages):
    exported = set(pages(small_pages_export))
    assert any(re.fullmatch(r"symptoms/a-z/[a-z]/page/2/index\.html", name) for name in exported)
    assert any(re.fullmatch(r"conditions/a-z/[a-z]/page/2/index\.html", name) for name in exported)
    assert any(re.fullmatch(r"conditions/[a-z0-9-]+/page/2/index\.html", name) for name in exported)
    assert any(re.fullmatch(r"categories/[a-z0-9-]+/page/2/index\.html", name) for name in exported)
    assert any(re.fullmatch(r"reviewers/[a-z0-9-]+/page/2/index\.html", name) for name in exported)
    assert_matches_live(small_pages_export, site_client)


@pytest.mark.parametrize("change", ["retitle", "confirm", "withdraw", "move-sign"])
def test_after_a_change_the_incremental_export_is_the_full_export(
    small_pages_export,
    tmp_path,
    static_root,
    settings,
    small_pages,
    monkeypatch,
    site_admin,
    change,
):
    site = copy_of(small_pages_export, tmp_path)
    rendered: list[str] = []
    real = export.render
    monkeypatch.setattr(export, "render", lambda path, **kwargs: rendered.append(path) or real(path, **kwargs))
    article = Article.objects.get(slug="muscle-atrophy")

    if change == "retitle":  # moves to another letter, and within its conditions' pages
        approve_edit(article, title="Wasting muscles", question="What causes wasting muscles?")
    elif change == "confirm":
        services.confirm_still_accurate(article=article, reviewer=reviewer_user("export-reviewer-2"))
    elif change == "move-sign":  # now a sign of a condition the article does not list: its pages show it
        sign = WarningSign.objects.get(text__startswith="your face droops")
        edit(sign, editor_user("export-editor"), condition=Condition.objects.get(slug="heart-attack"))
        approve_edit(article, lead=article.lead + " Reviewed again.")
    else:
        services.withdraw(article=article, by=site_admin, reason="Outdated")
    run_jobs_here()

    monkeypatch.setattr(export, "render", real)
    assert verify(site, static_root) == []  # what a full export writes: nothing stale, nothing missing
    # Only the pages it can change: the seed article lists 20 of the demo's conditions, and
    # withdrawing it changes each one's pages and their A-Z letters (90 of 178).
    assert len(set(rendered)) < len(export.site_paths()) * 0.6


def test_verify_export_finds_every_way_a_mirror_can_differ(full_export, tmp_path, static_root, site_admin, capsys):
    site = copy_of(full_export[0], tmp_path)
    services.withdraw(article=Article.objects.get(slug="joint-pain"), by=site_admin, reason="Outdated")  # not run
    DBTaskResult.objects.all().delete()  # as if its update were lost
    own = site / "symptoms" / "muscle-atrophy"
    (site / "index.html").write_bytes((site / "index.html").read_bytes().replace(b"</main>", b"<p>ad</p></main>"))
    (own / export.GONE).write_text("gone")  # beside the live page
    (site / "categories" / "retired").mkdir()
    (site / "categories" / "retired" / "index.html").write_text("old")
    (site / "conditions" / "anemia" / "index.html.gz").write_bytes(gzip.compress(b"an older page"))
    (site / "static" / "css" / "site.css").unlink()

    found = verify(site, static_root)

    expected = {
        "categories/retired/index.html: no public page has this file",
        "index.html: differs from the live page",
        "static/css/site.css: missing (a collected static file)",
        "conditions/anemia/index.html.gz: not a copy of conditions/anemia/index.html",
        "symptoms/muscle-atrophy/410.html: still there (the live site answers 200)",
        "symptoms/joint-pain/410.html: missing (the live site answers 410)",
        "symptoms/joint-pain/index.html: still there (the live site answers 410)",
    }
    assert expected <= set(found)
    # The rest: pages the lost withdrawal changed (listings, the articles linking to it), and
    # those it took away (its citation files, conditions only it listed).
    rest = set(found) - expected
    assert all(line.endswith((": differs from the live page", ": no public page has this file")) for line in rest)
    assert "symptoms/joint-pain/cite.ris: no public page has this file" in rest
    with pytest.raises(CommandError, match="1 of 1 mirror"):
        call_command("verify_export", static_root=str(static_root))
    assert f"{site}: {len(found)} difference(s) from the live site" in capsys.readouterr().err
    call_command("export_site", str(site), static_root=str(static_root))
    call_command("verify_export", static_root=str(static_root))
    assert "pages, each exactly the live site's." in capsys.readouterr().out
