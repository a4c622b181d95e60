"""The site's own settings, with the bench's URLconf (bench/serve.py runs gunicorn on it)."""

from symptomsite.settings import *  # noqa: F403

ROOT_URLCONF = "server_urls"
