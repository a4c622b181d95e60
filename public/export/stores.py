"""Where an export is written: a folder nginx serves (``Directory``), or S3-compatible
object storage (``bucket.Bucket``). Both are opened from one location string
(``open_store``), the name a mirror is registered under (public/models.py)."""

from pathlib import Path
from typing import Protocol

from .files import COMPRESSED, MARKER, Summary, copy_holds, copy_static, decompressors, remove, write


class Files(Protocol):
    """One export's files, read and brought up to date one at a time."""

    location: str

    def read(self, relative: str) -> bytes | None: ...
    def write(self, relative: str, content: bytes) -> bool: ...
    def remove(self, relative: str) -> bool: ...
    def names(self) -> set[str]: ...
    def stale_copies(self, relative: str, content: bytes) -> list[str]: ...


class Store(Protocol):
    """A mirror: ``begin`` gives the files a full export writes, ``finish`` makes them
    what is served, ``live`` the files served now (what a sign-off's job updates)."""

    location: str

    def begin(self) -> Files: ...
    def put_static(self, files: Files, root: Path, prefix: str, summary: Summary) -> None: ...
    def finish(self, files: Files, summary: Summary, clock: int) -> None: ...
    def live(self) -> Files: ...


def open_store(location: str | Path) -> Store:
    """The store a location names: ``s3://bucket/prefix`` or a folder."""
    text = str(location)
    if text.startswith("s3://"):
        from .bucket import Bucket

        return Bucket(text)
    return Directory(Path(text))


class Directory:
    """A folder of files, each written atomically beside its compressed copies
    (public/export/files.py), served by nginx (deploy/nginx/)."""

    def __init__(self, path: Path):
        self.path = path.absolute()
        self.location = str(self.path)

    def read(self, relative: str) -> bytes | None:
        target = self.path / relative
        return target.read_bytes() if target.is_file() else None

    def write(self, relative: str, content: bytes) -> bool:
        return write(self.path, relative, content)

    def remove(self, relative: str) -> bool:
        return remove(self.path, relative)

    def names(self) -> set[str]:
        """Every file but compressed copies and the export's temporary files."""
        if not self.path.is_dir():
            return set()
        return {
            str(file.relative_to(self.path))
            for file in self.path.rglob("*")
            if file.is_file() and file.suffix not in COMPRESSED and not file.name.startswith(".export-")
        }

    def stale_copies(self, relative: str, content: bytes) -> list[str]:
        """The compressed copies of ``relative`` that are missing or do not hold ``content``."""
        target = self.path / relative
        return [relative + suffix for suffix in decompressors() if not copy_holds(target, suffix, content)]

    def begin(self) -> "Directory":
        self.path.mkdir(parents=True, exist_ok=True)
        if any(self.path.iterdir()) and not (self.path / MARKER).is_file():
            raise RuntimeError(f"{self.path} holds files that no export wrote; export to an empty directory.")
        (self.path / MARKER).touch()
        return self

    def put_static(self, files: Files, root: Path, prefix: str, summary: Summary) -> None:
        copy_static(root, self.path, prefix, summary)

    def finish(self, files: Files, summary: Summary, clock: int) -> None:
        """Remove the files of pages that are no longer public, and empty folders."""
        summary.files.add(MARKER)
        for file in sorted(self.path.rglob("*")):
            relative = str(file.relative_to(self.path))
            if file.is_file() and relative.removesuffix(".gz").removesuffix(".br") not in summary.files:
                file.unlink()
                summary.removed.append(relative)
        for folder in sorted((d for d in self.path.rglob("*") if d.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()

    def live(self) -> "Directory":
        """The folder, if an export wrote it: an update never writes into a folder that
        holds no export (a mirror row or a job's location planted in the database, a
        folder emptied by hand)."""
        if not (self.path / MARKER).is_file():
            raise RuntimeError(f"{self.path} holds no export (no {MARKER}): run export_site there first.")
        return self
