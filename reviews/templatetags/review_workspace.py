"""For the workspace and the templates outside it (the admin): whether to offer a way into
/review/, and whether an address may be a link."""

from django import template
from django.contrib.auth.models import AnonymousUser, User

from articles.reference_urls import is_web_address
from reviews.accounts.permissions import can_use_workspace

register = template.Library()


@register.filter
def uses_workspace(user: User | AnonymousUser) -> bool:
    """``{% if user|uses_workspace %}``: reviewers and site admins."""
    return can_use_workspace(user)


@register.filter
def web_address(url: str) -> bool:
    """``{% if link.url|web_address %}``: whether the address may be a link (http or https)."""
    return is_web_address(url)
