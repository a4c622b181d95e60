"""The static export (public/export/): every public page written as a file, byte for byte
what the live site answers, and brought up to date after each sign-off or withdrawal.

The demo and its full export are made once for the module (most of a test's time); each
test reads them, or changes its own copy of the export in a transaction rolled back after
it (tests/conftest.py's kept_for_the_group)."""

import gzip
import logging
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Condition, WarningSign
from public import export, queries
from reviews.models import Publication
from reviews.workflow import services
from tests.conftest import kept_for_the_group
from tests.factories import editor_user, publish, reviewer_user
from tests.helpers import edit

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
        return directory, export.export_site(directory, static_root=static_root)


@pytest.fixture(scope="module")
def small_pages_export(demo, tmp_path_factory, static_root, django_db_blocker) -> Path:
    """The demo exported once with listings of two entries a page (small_pages)."""
    directory = tmp_path_factory.mktemp("export-small") / "site"
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        shrink_listings(patch)
        export.export_site(directory, static_root=static_root)
    return directory


def copy_of(directory: Path, tmp_path: Path) -> Path:
    """A test's own copy of a shared export, to bring up to date as it likes."""
    return Path(shutil.copytree(directory, tmp_path / "site", symlinks=True))


@pytest.fixture
def site_client(settings) -> Client:
    """Anonymous, at the site's own address (the feed's links name the request's host)."""
    site = urlsplit(settings.SITE_URL)
    return Client(HTTP_HOST=site.netloc)


def path_of(relative: str) -> str:
    """The address a page file of the export answers for (what nginx's try_files does)."""
    if relative == "feeds/reviewed/index.atom":
        return "/feeds/reviewed/"
    for name in ("index.html", export.GONE):
        if relative == name or relative.endswith("/" + name):
            return "/" + relative.removesuffix(name)
    return "/" + relative


def pages(directory: Path) -> dict[str, bytes]:
    return {
        str(file.relative_to(directory)): file.read_bytes()
        for file in directory.rglob("*")
        if file.is_file() and file.suffix not in (".gz", ".br") and not file.name.startswith(".")
        if not str(file.relative_to(directory)).startswith("static/")
    }


def assert_matches_live(directory: Path, client: Client) -> None:
    for relative, content in pages(directory).items():
        response = client.get(path_of(relative))
        expected = 410 if relative.endswith("/" + export.GONE) else 200
        assert response.status_code == expected, relative
        assert content == response.content, relative


def approve_edit(article: Article, **fields) -> None:
    editor = editor_user("export-editor")
    edit(article, editor, **fields)
    publish(article, editor=editor, reviewer=reviewer_user("export-reviewer"))


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


def test_the_command_prints_a_summary(demo, tmp_path, static_root, capsys):
    call_command("export_site", str(tmp_path / "out"), static_root=str(static_root))

    assert "pages and 1 static files (" in capsys.readouterr().out
    assert (tmp_path / "out" / "index.html").is_file()


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(f.relative_to(directory)): (f.read_bytes(), f.stat().st_mtime_ns)
        for f in directory.rglob("*")
        if f.is_file()
    }


def changed(before: dict[str, tuple[bytes, int]], after: dict[str, tuple[bytes, int]]) -> set[str]:
    names = set(before) | set(after)
    return {name for name in names if before.get(name) != after.get(name)}


def test_a_sign_off_rewrites_only_the_pages_it_changes(
    full_export, tmp_path, settings, site_client, django_capture_on_commit_callbacks
):
    site = copy_of(full_export[0], tmp_path)
    settings.STATIC_EXPORT_DIR = str(site)
    before = snapshot(site)
    article = Article.objects.get(slug="muscle-atrophy")
    publication = Publication.objects.get(article=article)
    expected = {export.file_for(path) for path in export.showing(article.pk).paths}

    with django_capture_on_commit_callbacks(execute=True):
        approve_edit(article, lead=article.lead + " Reviewed again.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.confirm_still_accurate(article=article, reviewer=reviewer_user("export-reviewer-2"))
    started = time.perf_counter()
    for callback in callbacks:
        callback()  # the export, after the commit
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
    full_export, tmp_path, settings, site_client, django_capture_on_commit_callbacks, site_admin
):
    site = copy_of(full_export[0], tmp_path)
    settings.STATIC_EXPORT_DIR = str(site)
    linking_page = site / "symptoms" / "joint-pain" / "index.html"
    assert b'href="/symptoms/muscle-atrophy/"' in linking_page.read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(article=Article.objects.get(slug="muscle-atrophy"), by=site_admin, reason="Outdated")

    assert not (site / "symptoms" / "muscle-atrophy" / "index.html").exists()
    assert not (site / "symptoms" / "muscle-atrophy" / "index.html.gz").exists()
    assert (site / "symptoms" / "muscle-atrophy" / export.GONE).is_file()
    assert not (site / "symptoms" / "muscle-atrophy" / "cite.ris").exists()
    assert b'href="/symptoms/muscle-atrophy/"' not in linking_page.read_bytes()
    for page in pages(site).values():
        assert b'href="/symptoms/muscle-atrophy/"' not in page
    assert_matches_live(site, site_client)


def test_a_failing_export_is_logged_and_never_fails_the_sign_off(
    full_export, tmp_path, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    site = copy_of(full_export[0], tmp_path)
    settings.STATIC_EXPORT_DIR = str(site)
    article = Article.objects.get(slug="fatigue")

    def broken(path, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export, "render", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        services.confirm_still_accurate(article=article, reviewer=reviewer_user("export-reviewer"))

    assert Publication.objects.get(article=article).history[0]["slug"] == "export-reviewer"
    assert "could not rewrite the pages of article" in caplog.text


def test_nothing_is_exported_without_static_export_dir(demo, settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.STATIC_EXPORT_DIR = ""
    monkeypatch.setattr(export, "export_pages", lambda *args: pytest.fail("exported"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.confirm_still_accurate(article=Article.objects.get(slug="fatigue"), reviewer=reviewer_user("r2"))

    assert [callback.__qualname__ for callback in callbacks] == ["_move_after_commit"]  # the clock's announcement only


def test_a_withdrawal_takes_effect_even_when_another_page_fails(
    full_export, tmp_path, settings, monkeypatch, caplog, django_capture_on_commit_callbacks, site_admin
):
    site = copy_of(full_export[0], tmp_path)
    settings.STATIC_EXPORT_DIR = str(site)
    real = export.render

    def home_breaks(path, **kwargs):
        if path == "/":
            raise OSError("template missing")
        return real(path, **kwargs)

    monkeypatch.setattr(export, "render", home_breaks)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        services.withdraw(article=Article.objects.get(slug="muscle-atrophy"), by=site_admin, reason="Outdated")

    assert not (site / "symptoms" / "muscle-atrophy" / "index.html").exists()
    assert (site / "symptoms" / "muscle-atrophy" / export.GONE).is_file()
    linking_page = site / "symptoms" / "joint-pain" / "index.html"
    assert b'href="/symptoms/muscle-atrophy/"' not in linking_page.read_bytes()
    assert "/ (error)" in caplog.text  # the broken page is named, and keeps its old file


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
    django_capture_on_commit_callbacks,
    site_admin,
    change,
):
    site = copy_of(small_pages_export, tmp_path)
    settings.STATIC_EXPORT_DIR = str(site)
    rendered: list[str] = []
    real = export.render
    monkeypatch.setattr(export, "render", lambda path, **kwargs: rendered.append(path) or real(path, **kwargs))
    article = Article.objects.get(slug="muscle-atrophy")

    with django_capture_on_commit_callbacks(execute=True):
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

    incremental = pages(site)
    monkeypatch.setattr(export, "render", real)
    export.export_site(tmp_path / "fresh", static_root=static_root)
    assert incremental == pages(tmp_path / "fresh")  # nothing stale, nothing missing
    # Only the pages it can change: the seed article lists 20 of the demo's conditions, and
    # withdrawing it changes each one's pages and their A-Z letters (90 of 178).
    assert len(set(rendered)) < len(export.site_paths()) * 0.6
