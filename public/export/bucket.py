"""The export in S3-compatible object storage (boto3; the endpoint and keys from boto3's
own environment: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).

At ``s3://bucket/site``, each full export is written under a prefix of its own,
``site/exports/<when>/``, and made live by rewriting one object, ``site/current``, that
names it (a PUT replaces an object atomically: a reader gets the old name or the new).
While a prefix is live, each sign-off's job rewrites the pages the sign-off changed in
it; once another is live it never changes again. Going back to an earlier export is
one switch of ``current`` (``export_site --rollback``), refused when anything was signed
off or withdrawn since that export was made: it would show what is no longer true.
Pages have no compressed copies here (a CDN compresses), and an object store cannot
answer 410: an edge rule serves each ``410.html`` with that status, or leaves it to Django.
"""

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone

from .files import COMPRESSED, MARKER, Summary

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".ris": "application/x-research-info-systems; charset=utf-8",
    ".bib": "application/x-bibtex; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
}
PAGE_CACHE = "public, max-age=60, s-maxage=300"
STATIC_CACHE = "public, max-age=315360000, immutable"


def _client() -> Any:
    import boto3
    from botocore.config import Config

    # A job that fails is retried with its own backoff (public/jobs.py): fail fast here.
    return boto3.client("s3", config=Config(connect_timeout=3, retries={"max_attempts": 2, "mode": "standard"}))


def _missing(error: Exception) -> bool:
    return getattr(error, "response", {}).get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound")


class Prefix:
    """One export's objects."""

    def __init__(self, client: Any, bucket: str, key: str, *, empty: bool = False):
        self.client, self.bucket, self.key = client, bucket, key
        self.location = f"s3://{bucket}/{key}"
        self.known: dict[str, str] | None = {} if empty else None  # relative name -> MD5, when known

    def read(self, relative: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key + relative)["Body"].read()
        except Exception as error:
            if _missing(error):
                return None
            raise

    def _digest(self, relative: str) -> str | None:
        if self.known is not None:
            return self.known.get(relative)
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.key + relative)["ETag"].strip('"')
        except Exception as error:
            if _missing(error):
                return None
            raise

    def write(self, relative: str, content: bytes, *, cache: str = PAGE_CACHE) -> bool:
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()  # what S3 gives as a simple PUT's ETag
        if self._digest(relative) == digest:
            return False
        kind = TYPES.get(Path(relative).suffix, "application/octet-stream")
        self.client.put_object(
            Bucket=self.bucket, Key=self.key + relative, Body=content, ContentType=kind, CacheControl=cache
        )
        if self.known is not None:
            self.known[relative] = digest
        return True

    def remove(self, relative: str) -> bool:
        if self._digest(relative) is None:
            return False
        self.client.delete_object(Bucket=self.bucket, Key=self.key + relative)
        if self.known is not None:
            self.known.pop(relative, None)
        return True

    def names(self) -> set[str]:
        found: set[str] = set()
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.key):
            found |= {item["Key"].removeprefix(self.key) for item in page.get("Contents", ())}
        return found

    def stale_copies(self, relative: str, content: bytes) -> list[str]:
        return []  # none kept


class Bucket:
    """The mirror at ``s3://bucket/root``: its exports and the pointer to the live one."""

    def __init__(self, url: str, client: Any = None):
        parts = urlsplit(url)
        self.bucket, self.root = parts.netloc, parts.path.strip("/")
        if not self.bucket:
            raise RuntimeError(f"{url} names no bucket: use s3://bucket/prefix.")
        self.location = f"s3://{self.bucket}/{self.root}".rstrip("/")
        self.client = client or _client()

    def _key(self, name: str) -> str:
        return f"{self.root}/{name}" if self.root else name

    def prefix(self, name: str, *, empty: bool = False) -> Prefix:
        return Prefix(self.client, self.bucket, self._key(f"exports/{name}/"), empty=empty)

    def current(self) -> str | None:
        """The name of the live export, if any."""
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._key("current"))["Body"].read()
        except Exception as error:
            if _missing(error):
                return None
            raise
        return body.decode().strip() or None

    def exports(self) -> list[str]:
        """The names of every export, oldest first."""
        names: list[str] = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._key("exports/"), Delimiter="/"
        )
        for page in pages:
            names += [item["Prefix"].rstrip("/").rsplit("/", 1)[1] for item in page.get("CommonPrefixes", ())]
        return sorted(names)

    def made_at(self, name: str) -> int | None:
        """The publication clock the export ``name`` was made at (None: not a finished export)."""
        marker = self.prefix(name).read(MARKER)
        return json.loads(marker)["clock"] if marker else None

    def switch(self, name: str) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._key("current"), Body=name.encode(), ContentType="text/plain"
        )

    def live(self) -> Prefix:
        name = self.current()
        if name is None:
            raise RuntimeError(f"No export is live at {self.location} yet: run export_site.")
        return self.prefix(name)

    def begin(self) -> Prefix:
        name = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
        if name in self.exports():
            raise RuntimeError(f"An export named {name} exists already.")
        return self.prefix(name, empty=True)

    def put_static(self, files: Any, root: Path, prefix: str, summary: Summary) -> None:
        """collectstatic's files, without its compressed copies (a CDN compresses)."""
        if not root.is_dir():
            raise RuntimeError(f"STATIC_ROOT {root} does not exist: run `manage.py collectstatic` first.")
        for source in sorted(root.rglob("*")):
            if source.is_file() and source.suffix not in COMPRESSED:
                relative = f"{prefix}/{source.relative_to(root)}"
                content = source.read_bytes()
                summary.files.add(relative)
                summary.static += 1
                summary.bytes += len(content)
                if files.write(relative, content, cache=STATIC_CACHE):
                    summary.written.append(relative)

    def finish(self, files: Any, summary: Summary, clock: int) -> None:
        """Mark the export finished, with the clock it was made at, and make it live."""
        files.write(MARKER, json.dumps({"clock": clock, "made": timezone.now().isoformat()}).encode())
        summary.files.add(MARKER)
        self.switch(files.key.rstrip("/").rsplit("/", 1)[1])
