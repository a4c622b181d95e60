"""ASGI entry point; the same guard as wsgi.py."""

import os

from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symptomsite.settings")

application = get_asgi_application()

from django.conf import settings  # noqa: E402

if not settings.DEBUG and settings.SECRET_KEY == settings.INSECURE_SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable before serving.")
