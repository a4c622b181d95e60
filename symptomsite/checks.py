"""Deployment checks: what must never reach a public server. Run by
`manage.py check --deploy`, and by the WSGI/ASGI entry points before they serve."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

PUBLISHED_KEYS = [
    # A published SECRET_KEY lets anyone forge a reviewer's session; a published AUDIT_KEY
    # lets anyone with database access rewrite the audit log and reseal it.
    ("SECRET_KEY", "INSECURE_SECRET_KEY"),
    ("AUDIT_KEY", "INSECURE_AUDIT_KEY"),
]


def published_keys() -> list[str]:
    return [name for name, published in PUBLISHED_KEYS if getattr(settings, name) == getattr(settings, published)]


@register(Tags.security, deploy=True)
def check_keys(app_configs, **kwargs):
    return [
        Error(
            f"{name} is the published development key.",
            hint=f"Set the {name} environment variable.",
            id="symptomsite.E001",
        )
        for name in published_keys()
    ]


def refuse_published_keys() -> None:
    """Called by wsgi.py and asgi.py: with DEBUG off, never serve with a published key."""
    if not settings.DEBUG and (names := published_keys()):
        raise ImproperlyConfigured(f"Set the {' and '.join(names)} environment variable(s) before serving.")
