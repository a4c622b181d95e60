"""For templates outside the workspace (the admin): whether to offer a way into /review/."""

from django import template
from django.contrib.auth.models import AnonymousUser, User

from reviews.accounts.permissions import can_use_workspace

register = template.Library()


@register.filter
def uses_workspace(user: User | AnonymousUser) -> bool:
    """``{% if user|uses_workspace %}``: reviewers and site admins."""
    return can_use_workspace(user)
