import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """STATIC_ROOT after a real `manage.py collectstatic` with DEBUG off, as a deployment
    runs it (once per test session: it compresses every file)."""
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "DEBUG": "0", "STATIC_ROOT": str(root), "DJANGO_SETTINGS_MODULE": "symptomsite.settings"}
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
        capture_output=True,
    )
    return root
