import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.provenance import signing, statements


class Command(BaseCommand):
    help = (
        "Check an article downloaded from the API (/api/v1/articles/<slug>) offline: its document hashes to its "
        "content hash, its Ed25519 signature and its signed review statement verify with the site's published keys, "
        "and the reviewer, revision and dates it shows are the statement's (this site's own keys, or "
        "--keys, a copy of /.well-known/symptomsite-keys.json). Exits non-zero if not."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the article as the API served it (JSON); - for standard input")
        parser.add_argument("--keys", metavar="FILE", help="the published keys (JSON); default: this site's keys")

    def handle(self, *args, file, keys, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
            article = json.loads(text)
            keyring = signing.read_keys(Path(keys).read_text(encoding="utf-8")) if keys else signing.keyring()
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read the article or the keys: {error}") from error
        problems = signing.check_article(article, keyring)
        if isinstance(article, dict):
            problems += statements.article_problems(article, keyring)
        if problems:
            raise CommandError("NOT verified: " + "; ".join(problems) + ".")
        revision = article.get("revision", "?")
        self.stdout.write(
            self.style.SUCCESS(
                f"Verified: “{article['document'].get('title')}” revision {revision}, SHA-256 "
                f"{article['content_hash']}, signed with key {article['signature']['key_id']}."
            )
        )
