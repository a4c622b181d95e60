"""What every bench does first: a throwaway database, Django set up as a server would
be (DEBUG off), the demo loaded into it."""

import base64
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_for_bench(name: str) -> Path:
    """Set up Django on a fresh SQLite file named ``name`` (or on BENCH_DATABASE_URL);
    returns the file. Call before importing anything from the project."""
    sys.path.insert(0, str(ROOT))
    db_file = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{db_file}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symptomsite.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # Sign the demo's sign-offs, as a real site does.
    os.environ.setdefault("SIGNING_KEY", base64.b64encode(os.urandom(32)).decode())

    import django
    from django.conf import settings

    django.setup()
    # Pages name static files through the manifest that collectstatic writes (DEBUG is
    # off here); a bench has no collectstatic, so plain names, as the test suite uses.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    return db_file


def fresh_demo(db_file: Path) -> None:
    """Migrate and load the demo, on a new file unless BENCH_DATABASE_URL names a database."""
    from django.core.management import call_command

    if db_file.exists() and "BENCH_DATABASE_URL" not in os.environ:
        db_file.unlink()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
