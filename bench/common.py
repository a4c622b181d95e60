"""What every bench does first: a throwaway database, Django set up as a server would
be (DEBUG off), the demo loaded into it."""

import base64
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, *, workers: int = 1, probe: str = "/robots.txt") -> subprocess.Popen:
    """gunicorn serving the site on ``port`` with ``env``, once it answers ``probe``;
    exits the bench with a message if it stops or does not answer within 60 s."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "symptomsite.wsgi",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603 - our own command
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode} before it served a page (see above)")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{probe}", timeout=5):  # noqa: S310 - loopback
                return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
