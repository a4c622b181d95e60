import base64
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


def run_check_deploy(**env):
    import os
    import subprocess

    base = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "symptomsite.settings", "DEBUG": "0"}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_for_an_https_deployment_with_its_own_keys():
    result = run_check_deploy(
        HTTPS="1",
        SECRET_KEY="k" * 20 + "-a-real-secret-key-for-this-test-0123456789",
        AUDIT_KEY="a-real-audit-key-0123456789",
        REDIS_URL="redis://127.0.0.1:6379/0",  # a cache every server process shares (symptomsite.E002)
        SIGNING_KEY=base64.b64encode(bytes(range(32))).decode(),  # sign-offs are signed (reviews.W001)
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_that_without_a_signing_key_content_is_served_unsigned():
    result = run_check_deploy(HTTPS="1")
    assert "reviews.W001" in result.stderr and "SIGNING_KEY is not set" in result.stderr


def test_check_deploy_names_the_published_keys():
    result = run_check_deploy(HTTPS="1")
    assert result.returncode != 0
    assert "SECRET_KEY is the published development key" in result.stderr
    assert "AUDIT_KEY is the published development key" in result.stderr
