"""Deployment checks: what must never reach a public server. Run by
`manage.py check --deploy`, and by the WSGI/ASGI entry points before they serve."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from reviews.readmodel.clock import PER_PROCESS_CACHES

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


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Pages stay correct with any cache (their freshness is read from the database, see
    reviews' PublicationClock), but a per-process cache behind several server processes
    counts report limits per process (N processes let N times as many through) and keeps
    and renders every page once per process. WEB_CONCURRENCY, which gunicorn reads as its
    number of workers, is how a deployment says it runs exactly one; unset, it may run
    more."""
    if settings.DEBUG or settings.WEB_CONCURRENCY == 1:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    processes = f"WEB_CONCURRENCY={settings.WEB_CONCURRENCY}" if settings.WEB_CONCURRENCY else "WEB_CONCURRENCY unset"
    return [
        Error(
            f"The cache is per process ({backend.rsplit('.', 1)[-1]}) and more than one server process may run "
            f"({processes}): each keeps its own report limits and pages.",
            hint="Set REDIS_URL (or CACHE_URL) to a cache every process shares, "
            "or WEB_CONCURRENCY=1 if exactly one server process serves the site.",
            id="symptomsite.E002",
        )
    ]


def missing_static_manifest() -> bool:
    """The hashed-name storage is on (DEBUG off) but collectstatic has not written its
    manifest to STATIC_ROOT: every page would fail on its first static URL."""
    storage = storages["staticfiles"]
    return isinstance(storage, ManifestFilesMixin) and not storage.exists(storage.manifest_name)


def refuse_published_keys() -> None:
    """Called by wsgi.py and asgi.py: with DEBUG off, never serve with a published key."""
    if not settings.DEBUG and (names := published_keys()):
        raise ImproperlyConfigured(f"Set the {' and '.join(names)} environment variable(s) before serving.")


def refuse_missing_static() -> None:
    """Called by wsgi.py and asgi.py: with DEBUG off, never serve before collectstatic."""
    if not settings.DEBUG and missing_static_manifest():
        raise ImproperlyConfigured(
            f"Run `manage.py collectstatic` before serving: {settings.STATIC_ROOT} has no staticfiles.json."
        )
