"""Rights flow from above (invariant 8): an account may manage another only if it holds
every right the other holds and more; superusers manage everyone."""

from typing import Any


def rights(user: Any) -> set[str] | None:
    """Everything ``user`` may do: None stands for everything (a superuser)."""
    if user.is_superuser:
        return None
    return set(user.get_all_permissions()) if user.is_active else set()


def outranks(actor: Any, target: Any) -> bool:
    """Whether ``actor`` may manage ``target``'s account: superusers may manage anyone;
    anyone else only accounts with strictly fewer rights (never their own, never a
    superuser, never an equal)."""
    if actor.is_superuser:
        return True
    if target.is_superuser or actor.pk == target.pk:
        return False
    held = rights(actor) or set()
    return rights(target) < held  # type: ignore[operator]
