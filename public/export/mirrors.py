"""The mirrors the export keeps up to date (public/models.py), and the lock one mirror's
full export and its updates after sign-offs take turns on."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from ..models import Mirror


@contextmanager
def holding(location: str, *, register: bool = False) -> Iterator[Mirror | None]:
    """The mirror at ``location`` (registered first, if ``register``; None if it is not
    registered), its row locked until the block ends: a sign-off's update that comes while
    a full export runs waits for it, then updates what it wrote."""
    if register:
        Mirror.objects.using("default").get_or_create(location=location)
    with transaction.atomic(using="default"):
        yield Mirror.objects.using("default").select_for_update().filter(location=location).first()


def exported(mirror: Mirror | None, clock: int) -> None:
    if mirror is not None:
        mirror.exported_at, mirror.clock = timezone.now(), clock
        mirror.save(update_fields=["exported_at", "clock"])


def registered() -> list[Mirror]:
    return list(Mirror.objects.using("default").all())


def locations() -> list[str]:
    return list(Mirror.objects.using("default").values_list("location", flat=True))


def forget(location: str) -> bool:
    """Stop updating the mirror at ``location``; whether it was registered."""
    return Mirror.objects.using("default").filter(location=location).delete()[0] > 0
