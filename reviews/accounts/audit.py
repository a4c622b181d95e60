"""The audit of every change to who may sign off: role, password, account and
reviewer-profile changes are appended to the audit log from every path (admin, command,
shell). auth.User and its group links are Django's models, so these are caught with
Django's model signals and the password validator hook, the one place this project
listens to signals: to record, never to decide.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save

from articles.history import acting_user
from reviews.provenance.audit import append_event
from reviews.provenance.models import Action, ReviewerProfile

User = get_user_model()
WATCHED_USER_FIELDS = {
    "is_superuser": Action.ROLE_CHANGED,
    "is_staff": Action.ROLE_CHANGED,
    "is_active": Action.ACCOUNT_CHANGED,
    "email": Action.ACCOUNT_CHANGED,
    "username": Action.ACCOUNT_CHANGED,
}
WATCHED_PROFILE_FIELDS = ["display_name", "credentials", "registration", "active", "slug", "languages"]


def _record(action: str, *, subject: Any, comment: str, data: dict | None = None) -> None:
    actor = acting_user()
    append_event(
        action=action,
        article=None,
        actor=actor,
        actor_name=None if actor else "command or shell",
        subject=subject,
        comment=comment,
        data=data or {},
    )


class PasswordChangeAudit:
    """In AUTH_PASSWORD_VALIDATORS: Django tells every validator when a password is set,
    whichever path set it; this one records it (it validates nothing)."""

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is not None and user.pk:
            _record(Action.PASSWORD_CHANGED, subject=user, comment=f"Password of {user.get_username()} set.")

    def get_help_text(self) -> str:
        return ""


def _before(sender: Any, instance: Any, fields: list[str]) -> None:
    stored = sender._base_manager.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    instance._audit_before = stored


def user_before_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _before(sender, instance, list(WATCHED_USER_FIELDS))


def user_after_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        flags = [f for f in ("is_superuser", "is_staff") if getattr(instance, f)]
        _record(
            Action.ROLE_CHANGED if flags else Action.ACCOUNT_CHANGED,
            subject=instance,
            comment=f"Account {instance.get_username()} created" + (f" ({', '.join(flags)})" if flags else "") + ".",
        )
        return
    for field, action in WATCHED_USER_FIELDS.items():
        old, new = before[field], getattr(instance, field)
        if old != new:
            _record(
                action,
                subject=instance,
                comment=f"{instance.get_username()}: {field} {_shown(old)} → {_shown(new)}",
                data={"field": field, "old": old, "new": new},
            )


def user_links_changed(sender: Any, instance: Any, action: str, model: Any, pk_set: Any, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Group):  # a role's permissions changed
        names = sorted(model.objects.filter(pk__in=pk_set or []).values_list("codename", flat=True))
        _record(
            Action.ROLE_CHANGED,
            subject=None,
            comment=f"Role “{instance.name}”: permissions {action.removeprefix('post_')} {', '.join(names) or 'all'}",
            data={"group": instance.name, "permissions": names, "change": action},
        )
        return
    names = sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or []))
    kind = "groups" if model is Group else "permissions"
    _record(
        Action.ROLE_CHANGED,
        subject=instance,
        comment=f"{instance.get_username()}: {kind} {action.removeprefix('post_')} {', '.join(names) or 'all'}",
        data={kind: names, "change": action},
    )


def _shown(value: Any) -> str:
    """A value in an audit line: quoted, or "(none)" for an empty one."""
    return "(none)" if value is None or value == "" else repr(value)


def profile_before_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _before(sender, instance, WATCHED_PROFILE_FIELDS)


def profile_after_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {"created": [None, str(instance)]}
    else:
        changes = {
            f: [before[f], getattr(instance, f)] for f in WATCHED_PROFILE_FIELDS if before[f] != getattr(instance, f)
        }
    if changes:
        _record(
            Action.PROFILE_CHANGED,
            subject=instance.user,
            comment=f"Reviewer profile {instance} created."
            if "created" in changes
            else f"Reviewer profile {instance}: "
            + "; ".join(f"{k} {_shown(v[0])} → {_shown(v[1])}" for k, v in changes.items()),
            data={"profile": instance.pk, "changes": changes},
        )


def _receivers() -> list[tuple[Any, Any, Any, str]]:
    return [
        (pre_save, user_before_save, User, "audit-user-before"),
        (post_save, user_after_save, User, "audit-user-after"),
        (m2m_changed, user_links_changed, User.groups.through, "audit-user-groups"),
        (m2m_changed, user_links_changed, User.user_permissions.through, "audit-user-perms"),
        (m2m_changed, user_links_changed, Group.permissions.through, "audit-group-perms"),
        (pre_save, profile_before_save, ReviewerProfile, "audit-profile-before"),
        (post_save, profile_after_save, ReviewerProfile, "audit-profile-after"),
    ]


def connect() -> None:
    """Called once from ReviewsConfig.ready()."""
    for signal, receiver, sender, uid in _receivers():
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


@contextmanager
def audit_paused() -> Iterator[None]:
    """Record no account events inside the block: only for tests that migrate the
    database back to a schema from before account events existed."""
    for signal, _, sender, uid in _receivers():
        signal.disconnect(sender=sender, dispatch_uid=uid)
    try:
        yield
    finally:
        connect()
