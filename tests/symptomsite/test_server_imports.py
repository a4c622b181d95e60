"""What a server process imports to serve readers: not the API's framework (ninja and
pydantic, ~12 MB; api/urls.py), nor cryptography (~8 MB; symptomsite/env.py and
reviews/provenance/signing.py), nor the editor's readability scorer (articles/checks.py), nor the
static exporter (public/apps.py). Each loads when a request or command needs it."""

import subprocess
import sys

HEAVY = ("ninja", "pydantic", "cryptography", "textstat", "public.export")
SCRIPT = """
import sys
import django
django.setup()
from django.urls import reverse
reverse("api:article", args=["x"]), reverse("well_known_keys"), reverse("public:home")
{extra}
heavy = {heavy!r}
print(sorted({{name.split(".")[0] if not name.startswith("public.") else name for name in sys.modules
               if name.startswith(heavy)}}))
"""


def loaded(extra: str = "") -> str:
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "symptomsite.settings", "DEBUG": "0"}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", SCRIPT.format(extra=extra, heavy=HEAVY)],
        env={**env, "SIGNING_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_urlconf_and_settings_load_none_of_the_heavy_modules():
    assert loaded() == "[]"


def test_the_api_loads_them_when_asked():
    """Control: the check above sees these modules when they are loaded."""
    assert loaded("from api.urls import ninja_views; ninja_views()").startswith("['ninja', 'pydantic'")
