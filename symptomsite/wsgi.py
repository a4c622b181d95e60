"""WSGI entry point (gunicorn symptomsite.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symptomsite.settings")

application = get_wsgi_application()

from symptomsite.checks import refuse_missing_static, refuse_published_keys  # noqa: E402  (settings are ready only after setup)

refuse_published_keys()
refuse_missing_static()
