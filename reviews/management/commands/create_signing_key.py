import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.provenance import signing


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 signing key for the site (reviews/provenance/signing.py) and print it as "
        "SIGNING_KEY, or write it as a PEM file for SIGNING_KEY_FILE with --pem. Keep it outside the database. "
        "When it replaces a key, the line to keep the old key's signatures verifiable is printed too; then run "
        "sign_live_articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pem", metavar="FILE", help="write the private key to FILE (PEM, mode 0600)")

    def handle(self, *args, pem, **options):
        key, encoded = signing.new_private_key()
        raw_public = signing.raw_public_key(key)
        if pem:
            path = Path(pem)
            if path.exists():
                raise CommandError(f"{path} exists; choose another file (a key is never overwritten).")
            text = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(text)
            self.stdout.write(f"SIGNING_KEY_FILE={path}")
        else:
            self.stdout.write(f"SIGNING_KEY={encoded}")
        self.stdout.write(f"# key id {signing.key_id(raw_public)}, public key {base64.b64encode(raw_public).decode()}")
        current = [key for key in signing.public_keys() if key.current]
        if current:
            old = [*settings.SIGNING_OLD_PUBLIC_KEYS, current[0].base64]
            self.stdout.write(f"# it replaces {current[0].key_id}: keep that key's signatures verifiable with")
            self.stdout.write(f"SIGNING_OLD_PUBLIC_KEYS={','.join(old)}")
            self.stdout.write("# then run `manage.py sign_live_articles` to sign the live articles with the new key.")
