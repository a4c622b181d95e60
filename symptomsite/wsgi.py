"""WSGI entry point (gunicorn symptomsite.wsgi)."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symptomsite.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (settings are ready only after setup)

if not settings.DEBUG and settings.SECRET_KEY == settings.INSECURE_SECRET_KEY:
    # A public deployment signing sessions with a published key would let anyone
    # forge a reviewer's session.
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable before serving.")
