"""Accounts fit for signing medical content.

- Reviewers, site admins and superusers must log in with a second factor (TOTP from an
  authenticator app, with recovery codes) before they reach the admin, the review
  workspace or the previews; editors may turn one on. Logging in is django-two-factor-
  auth's wizard, throttled by django-axes.
- Signing off and withdrawing ask for the password and a code again when they were last
  given more than ``REAUTH_MINUTES`` ago.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import match_token, user_has_device

from . import permissions

CONFIRMED_AT = "identity_confirmed_at"
PROTECTED_PREFIXES = ("/admin/", "/review/", "/preview/", "/_nested_admin/")


def needs_second_factor(user: Any) -> bool:
    """Whoever can sign off, withdraw or manage accounts must use a second factor."""
    return bool(user.is_superuser or user.has_perm(permissions.SIGN_OFF) or user.has_perm(permissions.WITHDRAW))


class SecondFactorMiddleware:
    """Send a logged-in user who needs a second factor, and has not given one, to set
    it up (or to log in with it) before any staff page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PROTECTED_PREFIXES) and request.path != reverse("admin:logout"):
            user = request.user
            if user.is_authenticated and needs_second_factor(user) and not user.is_verified():  # type: ignore[attr-defined]  # added by django-otp
                query = urlencode({"next": request.get_full_path()})
                if user_has_device(user):
                    logout(request)  # a session from before the second factor: log in again with it
                    return redirect(f"{reverse('two_factor:login')}?{query}")
                return redirect(f"{reverse('two_factor:setup')}?{query}")
        return self.get_response(request)


def stamp(request: HttpRequest) -> None:
    request.session[CONFIRMED_AT] = int(time.time())


def stamp_on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        stamp(request)


def identity_is_fresh(request: HttpRequest) -> bool:
    """Whether both factors (or the password, for an account without a second factor)
    were given within the last REAUTH_MINUTES."""
    confirmed = request.session.get(CONFIRMED_AT, 0)
    return time.time() - confirmed < settings.REAUTH_MINUTES * 60


def asks_for_code(user: Any) -> bool:
    """Whether confirming who ``user`` is takes a code as well as the password: whenever
    they have a second factor (everyone who can sign off or withdraw must)."""
    return bool(user_has_device(user, confirmed=True))


def confirm_identity(request: HttpRequest, password: str, code: str = "") -> bool:
    """Check the logged-in user's password and, if they have a second factor, a code from
    it (an authenticator's or a recovery code), as logging in does: a stolen session
    with a phished password is not enough. Wrong passwords count towards the login
    lockout, wrong codes towards the device's own throttling. Stamps the session if
    both are right."""
    user: Any = request.user
    ok = authenticate(request, username=user.get_username(), password=password) == user
    if ok and asks_for_code(user):
        ok = match_token(user, code.strip()) is not None
    if ok:
        stamp(request)
    return ok


def disable_second_factor(request: HttpRequest) -> HttpResponse:
    """django-two-factor-auth's "disable" page, refused to those who must keep one."""
    from django.core.exceptions import PermissionDenied
    from two_factor.views import DisableView

    if request.user.is_authenticated and needs_second_factor(request.user):
        raise PermissionDenied("Reviewers, site admins and superusers must keep a second factor.")
    return DisableView.as_view()(request)


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username a login attempt is for, for django-axes: from authenticate()'s
    arguments, or from the login wizard's form."""
    if credentials and credentials.get("username"):
        return credentials["username"]
    return request.POST.get("auth-username") if request is not None else None
