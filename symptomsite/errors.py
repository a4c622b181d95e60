"""The page for a refused request (403): why, and where this account can work instead.

Views say why when they refuse (``PermissionDenied("Only site admins ...")``); this page
adds who the user is and links to the parts of the site their role uses, so a refusal
is never a dead end. The admin's own refusals get the same page. The 500 page says the
site's emergency number, as every other page does."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import resolve_url
from django.template import loader
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from reviews.accounts.permissions import can_use_workspace

# What a refusal says when the code that refused gave no reason (the admin's own checks).
DEFAULT_REASON = "Your account does not have the rights for this page or action."
# Readers may meet this one too (a staff address): in their language.
ANONYMOUS_REASON = gettext_lazy("This page or action needs an account with the rights for it.")
# A superuser holds every permission: what they are refused is a rule (append-only records).
SUPERUSER_REASON = "Nobody can do this here: the site keeps these records as they are."

ROLE_NAMES = {"Editors": "editor", "Medical reviewers": "medical reviewer", "Site admins": "site admin"}


def role_name(user: Any) -> str:
    """The user's role in words: "editor", "editor and medical reviewer", "superuser"."""
    if user.is_superuser:
        return "superuser"
    names = [ROLE_NAMES.get(name, name) for name in user.groups.order_by("name").values_list("name", flat=True)]
    return " and ".join(names) or "no role"


def workplaces(user: Any) -> list[dict[str, str]]:
    """The parts of the site this account can use, with what it does there."""
    places = []
    if can_use_workspace(user):
        places.append(
            {
                "name": "Review workspace",
                "url": reverse("reviews:dashboard"),
                "what": "revisions waiting for sign-off, reviews due and reports from readers",
            }
        )
    if user.is_active and user.is_staff:
        places.append({"name": "Admin", "url": reverse("admin:index"), "what": "articles, conditions and categories"})
    return places


def who_grants_more(user: Any) -> str:
    """Whom to ask for more rights: rights flow from above (site admins manage editors,
    only superusers make reviewers and site admins). Empty for superusers: what they are
    refused, nobody may do."""
    if user.is_superuser:
        return ""
    return "a superuser" if user.has_perm("auth.change_user") else "a site admin"


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the reason given by the code that refused, who the user is, and where
    they can go instead (the login page for anonymous users)."""
    user = getattr(request, "user", None) or AnonymousUser()  # refused before authentication
    reason = str(exception) if exception else ""
    if not reason:
        reason = str(
            SUPERUSER_REASON if user.is_superuser else DEFAULT_REASON if user.is_authenticated else ANONYMOUS_REASON
        )
    context: dict[str, Any] = {"reason": reason}
    if user.is_authenticated:
        context.update(role=role_name(user), workplaces=workplaces(user), ask=who_grants_more(user))
    else:
        login = resolve_url(settings.LOGIN_URL)
        if request.method in ("GET", "HEAD"):  # come back here after logging in
            login = f"{login}?{urlencode({'next': request.get_full_path()})}"
        context["login_url"] = login
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request))


# Readers meet this one (a report form left open too long): in their language.
CSRF_REASON = gettext_lazy(
    "This form could not be accepted: it was open too long, or your login changed since the page was "
    "loaded. Nothing was saved. Go back (your browser keeps what you typed), reload the page, and send it again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a refused form gets the same page as any refusal, in words a
    user can act on (Django's own says "CSRF verification failed")."""
    return permission_denied(request, PermissionDenied(CSRF_REASON))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the site's emergency number; nothing else that could fail (no
    database, no context processors)."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER}), status=500)
