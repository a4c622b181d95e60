"""The mirrors the export keeps up to date (public/models.py), and the lock one mirror's
full export and its updates after sign-offs take turns on."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from ..models import Mirror


@contextmanager
def holding(location: str) -> Iterator[Mirror | None]:
    """The mirror at ``location`` (None if it is not registered), its row locked until the
    block ends: a sign-off's update that comes while a full export runs waits for it, then
    updates what it wrote."""
    with transaction.atomic(using="default"):
        yield Mirror.objects.using("default").select_for_update().filter(location=location).first()


def exported(location: str, clock: int) -> None:
    """Register ``location`` as a mirror (or note its new full export), inside the export's
    ``holding`` block: an export that fails registers nothing, so no sign-off writes to a
    folder that export_site refused."""
    Mirror.objects.using("default").update_or_create(
        location=location, defaults={"exported_at": timezone.now(), "clock": clock}
    )


def registered() -> list[Mirror]:
    return list(Mirror.objects.using("default").all())


def locations() -> list[str]:
    return list(Mirror.objects.using("default").values_list("location", flat=True))


def forget(location: str) -> bool:
    """Stop updating the mirror at ``location``; whether it was registered."""
    return Mirror.objects.using("default").filter(location=location).delete()[0] > 0
