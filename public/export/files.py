"""The export's files: named for their page's address, each written atomically beside a
gzip and a brotli copy, and only when its bytes changed; the collected static files
copied beside them."""

import gzip
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a requirement; gzip is enough without it
    brotli = None


GONE = "410.html"
MARKER = ".symptomsite-export"  # an export's files may be removed by the next; nobody else's
COMPRESSED = (".gz", ".br")
COMPRESS_MIN_BYTES = 256  # smaller files gain nothing


@dataclass
class Summary:
    pages: int = 0  # pages the export holds (410 pages included)
    static: int = 0  # static files (not counting their compressed copies)
    written: list[str] = field(default_factory=list)  # files whose bytes changed, relative
    removed: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)  # every file it holds now, relative
    bytes: int = 0  # of the pages and static files, uncompressed
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.pages} pages and {self.static} static files ({self.bytes:,} bytes), {len(self.written)} written, "
            f"{len(self.removed)} removed, in {self.seconds:.2f} s"
        )


def file_for(path: str) -> str:
    """The export's file (relative) for the page at ``path``."""
    relative = path.lstrip("/")
    if path == reverse("public:feed"):
        return relative + "index.atom"
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative


def gone_for(relative: str) -> str | None:
    """The 410 page beside a page's file (``symptoms/x/index.html`` → ``symptoms/x/410.html``),
    for the files that can have one."""
    return str(Path(relative).with_name(GONE)) if relative.endswith("/index.html") else None


def static_prefix() -> str:
    """Where the collected static files go in an export: STATIC_URL's path, no slashes."""
    return urlsplit(settings.STATIC_URL).path.strip("/")


def path_for(relative: str) -> str:
    """The address whose page the export's file ``relative`` is (file_for's inverse; a
    410 page's is its article's)."""
    if relative == file_for(reverse("public:feed")):
        return reverse("public:feed")
    for name in ("index.html", GONE):
        if relative == name or relative.endswith("/" + name):
            return "/" + relative.removesuffix(name)
    return "/" + relative


# The demo's article pages (30 kB): 5,681 B in 0.7 ms a page; 11, brotli's default, gives
# 5,069 B in 23.6 ms, for each page a sign-off rewrites in each mirror (gzip -9: 6,198 B).
BROTLI_QUALITY = 6


def write(directory: Path, relative: str, content: bytes) -> bool:
    """Write ``content`` (and its compressed copies) unless the file and its copies
    already hold it."""
    target = directory / relative
    if target.is_file() and target.read_bytes() == content and copies_hold(target, content):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    if len(content) >= COMPRESS_MIN_BYTES:
        atomic(target.with_name(target.name + ".gz"), gzip.compress(content, compresslevel=9, mtime=0))
        if brotli is not None:
            atomic(target.with_name(target.name + ".br"), brotli.compress(content, quality=BROTLI_QUALITY))
    else:
        _remove_copies(target)
    atomic(target, content)
    return True


def decompressors() -> dict[str, Callable[[bytes], bytes]]:
    return {".gz": gzip.decompress, **({".br": brotli.decompress} if brotli is not None else {})}


def copies_hold(target: Path, content: bytes) -> bool:
    """Whether every compressed copy beside ``target`` holds ``content``."""
    return all(copy_holds(target, suffix, content) for suffix in decompressors())


def copy_holds(target: Path, suffix: str, content: bytes) -> bool:
    """Whether the copy ``suffix`` of ``target`` holds ``content``: there and holding it
    for a page large enough to have one, absent for a smaller page."""
    copy = target.with_name(target.name + suffix)
    if len(content) < COMPRESS_MIN_BYTES:
        return not copy.is_file()
    try:
        return decompressors()[suffix](copy.read_bytes()) == content
    except Exception:  # missing, or not a valid copy
        return False


def atomic(target: Path, content: bytes) -> None:
    """nginx never sees half a file: it gets the old one or the new one."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".export-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def remove(directory: Path, relative: str) -> bool:
    target = directory / relative
    found = target.is_file()
    target.unlink(missing_ok=True)
    _remove_copies(target)
    return found


def _remove_copies(target: Path) -> None:
    for suffix in COMPRESSED:
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def copy_static(root: Path, directory: Path, prefix: str, summary: Summary) -> None:
    """Copy collectstatic's output (hashed names, gzip and brotli copies included) under
    STATIC_URL's path."""
    if not root.is_dir():
        raise RuntimeError(f"STATIC_ROOT {root} does not exist: run `manage.py collectstatic` first.")
    for source in sorted(root.rglob("*")):
        if not source.is_file():
            continue
        destination = directory / prefix / source.relative_to(root)
        relative = str(destination.relative_to(directory))
        summary.files.add(relative)
        if source.suffix not in COMPRESSED:
            summary.static += 1
            summary.bytes += source.stat().st_size
        if destination.is_file() and destination.read_bytes() == source.read_bytes():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".export-")
        os.close(handle)
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
        summary.written.append(relative)
