"""Login throttling that an attacker cannot turn against staff elsewhere.

django-axes locks the pair of a username and a client address after LOGIN_FAILURE_LIMIT
wrong passwords: guessing one account's password from one place stops there, and the
account's owner, at another address, still logs in. An address alone is locked only
after LOGIN_ADDRESS_FAILURE_LIMIT failures for any names, so a few made-up names cannot
lock out every colleague behind the same office proxy. The client address is the one
the configured number of trusted proxies saw (client_address): what a client writes in
X-Forwarded-For itself is never believed.
"""

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXIES proxies (each adding
    the address it was called from to X-Forwarded-For) the address the outermost of them
    saw. Entries further left are whatever the client sent."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXIES
    if not hops:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    address = chain[-(hops + 1)] if len(chain) > hops else chain[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return remote


class StaffLockout(AxesDatabaseHandler):
    """django-axes' database handler, with the per-address limit beside its per-pair one
    (settings.AXES_LOCKOUT_PARAMETERS)."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self._address_locked(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]  # django-axes reads these
            request.axes_credentials = credentials  # type: ignore[attr-defined]

    def _address_locked(self, request: HttpRequest) -> bool:
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
        failures = attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
        return bool(failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT)
