"""Whether a mirror serves exactly what the live site does (``manage.py verify_export``):
every page's file is the live response byte for byte (a withdrawn article's 410 page
included, its compressed copies too), no file is left of a page that is no longer
public, and every collected static file is there."""

from pathlib import Path

from django.conf import settings

from . import file_for, handler, mirrors, render
from .files import COMPRESSED, MARKER, gone_for, static_prefix
from .pages import site_paths
from .stores import Files, open_store


def _page(files: Files, names: set[str], path: str, status: int, content: bytes) -> tuple[set[str], list[str]]:
    """The files of the page at ``path`` (the one it should have, those it should not),
    and how the mirror differs for it."""
    relative = file_for(path)
    gone = gone_for(relative)
    wanted, unwanted = {200: (relative, gone), 410: (gone, relative), 404: (None, gone)}.get(status, (None, None))
    if status not in (200, 410, 404) or (status == 410 and gone is None):
        return set(), [f"{path}: the live site answers {status}"]
    found: list[str] = []
    if wanted is not None:
        kept = files.read(wanted)
        if kept is None:
            found.append(f"{wanted}: missing (the live site answers {status})")
        elif kept != content:
            found.append(f"{wanted}: differs from the live page")
        else:
            found += [f"{copy}: not a copy of {wanted}" for copy in files.stale_copies(wanted, content)]
    stale = {name for name in (unwanted, relative if status == 404 else None) if name in names}
    found += [f"{name}: still there (the live site answers {status})" for name in sorted(stale)]
    return stale | ({wanted} if wanted else set()), found


def differences(location: str, *, static_root: Path | None = None) -> tuple[int, list[str]]:
    """How many pages were compared, and each way the mirror at ``location`` differs from
    the live site (none: it serves exactly what readers of the site get). Holds the
    mirror's lock, so no update is half-written while it looks."""
    with mirrors.holding(location):
        files = open_store(location).live()
        names = files.names()
        loaded, kept, found = handler(), {MARKER}, []
        paths = sorted(site_paths())
        for path in paths:
            response = render(path, using=loaded)
            seen, differ = _page(files, names, path, response.status_code, response.content)  # type: ignore[attr-defined]
            kept |= seen
            found += differ
    prefix = static_prefix() + "/"
    found += [f"{name}: no public page has this file" for name in sorted(names - kept) if not name.startswith(prefix)]
    root = static_root or Path(settings.STATIC_ROOT)
    if root.is_dir():
        wanted_static = {
            prefix + str(file.relative_to(root))
            for file in root.rglob("*")
            if file.is_file() and file.suffix not in COMPRESSED
        }
        found += [f"{name}: missing (a collected static file)" for name in sorted(wanted_static - names)]
    return len(paths), found
