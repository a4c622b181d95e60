"""Who may use which part of the review workspace."""

from django.contrib.auth.models import AnonymousUser, User

SIGN_OFF = "reviews.sign_off_revision"
WITHDRAW = "reviews.withdraw_article"
SUBMIT = "reviews.submit_revision"
RESOLVE_REPORTS = "reviews.change_problemreport"
WORKSPACE = (SIGN_OFF, WITHDRAW)


def can_use_workspace(user: User | AnonymousUser) -> bool:
    """Reviewers and site admins use /review/."""
    return user.is_authenticated and any(user.has_perm(p) for p in WORKSPACE)
