import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured


@pytest.mark.parametrize("module", ["symptomsite.wsgi", "symptomsite.asgi"])
def test_server_refuses_the_published_development_key_without_debug(settings, module):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_SECRET_KEY
    sys.modules.pop(module, None)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        importlib.import_module(module)


@pytest.mark.parametrize("module", ["symptomsite.wsgi", "symptomsite.asgi"])
def test_server_refuses_the_published_audit_key_without_debug(settings, module):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-secret-for-this-test-only-0123456789"
    settings.AUDIT_KEY = settings.INSECURE_AUDIT_KEY
    sys.modules.pop(module, None)
    with pytest.raises(ImproperlyConfigured, match="AUDIT_KEY"):
        importlib.import_module(module)


def test_server_starts_with_a_real_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-secret-for-this-test-only-0123456789"
    settings.AUDIT_KEY = "a-real-audit-key-for-this-test-only-0123456789"
    sys.modules.pop("symptomsite.wsgi", None)
    assert importlib.import_module("symptomsite.wsgi").application
