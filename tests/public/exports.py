"""Reading an export folder as the tests of public/export/ compare it with the live site,
and the changes they make."""

from pathlib import Path

from django.test import Client

from articles.models import Article
from public import export
from public.export.verify import differences
from tests.factories import editor_user, publish, reviewer_user
from tests.helpers import edit


def pages(directory: Path) -> dict[str, bytes]:
    return {
        str(file.relative_to(directory)): file.read_bytes()
        for file in directory.rglob("*")
        if file.is_file() and file.suffix not in (".gz", ".br") and not file.name.startswith(".")
        if not str(file.relative_to(directory)).startswith("static/")
    }


def assert_matches_live(directory: Path, client: Client) -> None:
    for relative, content in pages(directory).items():
        response = client.get(export.path_for(relative))
        expected = 410 if relative.endswith("/" + export.GONE) else 200
        assert response.status_code == expected, relative
        assert content == response.content, relative


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(f.relative_to(directory)): (f.read_bytes(), f.stat().st_mtime_ns)
        for f in directory.rglob("*")
        if f.is_file()
    }


def changed(before: dict[str, tuple[bytes, int]], after: dict[str, tuple[bytes, int]]) -> set[str]:
    names = set(before) | set(after)
    return {name for name in names if before.get(name) != after.get(name)}


def verify(location: Path, static_root: Path) -> list[str]:
    """How the mirror at ``location`` differs from the live site (verify_export's lines)."""
    return differences(str(location), static_root=static_root)[1]


def approve_edit(article: Article, **fields) -> None:
    editor = editor_user("export-editor")
    edit(article, editor, **fields)
    publish(article, editor=editor, reviewer=reviewer_user("export-reviewer"))
