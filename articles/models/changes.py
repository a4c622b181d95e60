"""The content history: who wrote what, appended on every write path and never changed.

Every content record is ``Attributed``: its saves, deletes, queryset updates and deletes,
and bulk creates and updates each append a ContentChange naming the author
(articles/history.py says who that is), which four eyes reads.

The history is a sealed chain, as the review audit log is: each change carries a sequence
number, the previous change's hash and its own, an HMAC with AUDIT_KEY (a secret kept
outside the database) of its fields and that link. Deleting a change leaves a gap,
editing one breaks its hash, and neither can be mended without the key
(verify_content_history; four eyes checks before an approval). Changes written before
the chain began (no sequence number) are not covered.
"""

import datetime
import hashlib
import hmac
import json
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from ..history import current_author

_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """Rows can be added (also in bulk), never updated or deleted in bulk."""

    def _refuse(self) -> ValidationError:
        return ValidationError(getattr(self.model, "immutable_message"), code="immutable")  # noqa: B009 - AppendOnly's

    def update(self, **kwargs: Any) -> int:
        raise self._refuse()

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        raise self._refuse()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise self._refuse()


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted through the ORM, one at a
    time or in bulk: what a reviewer signed, the audit log, the content history. Changes
    made below the ORM are found by ``manage.py verify_audit_log``."""

    immutable_message = "This record cannot be changed once written."

    objects: ClassVar[models.Manager[Any]] = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(self.immutable_message, code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(self.immutable_message, code="immutable")


class ContentChange(AppendOnly):
    """One write to a content record, and who made it: the history four-eyes reads.

    Appended by ``Attributed`` models and querysets on every path (save, delete, queryset
    update and delete, bulk create and update, many-to-many links), never edited."""

    CREATED, CHANGED, DELETED = "created", "changed", "deleted"

    model = models.CharField(max_length=40)
    object_id = models.BigIntegerField(null=True)
    owner_article_id = models.BigIntegerField(
        null=True, help_text="The article the record belongs to; empty for shared records (conditions, categories)."
    )
    action = models.CharField(max_length=10, choices=[(a, a) for a in (CREATED, CHANGED, DELETED)])
    fields = models.JSONField(default=list, help_text="Names of the fields written.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    # The chain (see the module's docstring); empty on changes from before it began.
    seq = models.PositiveBigIntegerField(null=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["owner_article_id", "changed_at"], name="change_by_article"),
            models.Index(fields=["model", "object_id", "changed_at"], name="change_by_record"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} {self.action} by {self.actor_id}"

    def content(self) -> str:
        """What the hash covers, as one canonical string."""
        return json.dumps(
            {
                "seq": self.seq,
                "prev_hash": self.prev_hash,
                "model": self.model,
                "object_id": self.object_id,
                "owner_article_id": self.owner_article_id,
                "action": self.action,
                "fields": self.fields,
                "actor": self.actor_id,
                "changed_at": self.changed_at.astimezone(datetime.UTC).isoformat(),
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return hmac.new(settings.AUDIT_KEY.encode(), self.content().encode(), hashlib.sha256).hexdigest()

    def intact(self) -> bool:
        """Its hash is its content's (a change from before the chain has none to check)."""
        return self.seq is None or hmac.compare_digest(self.compute_hash(), self.hash)


class ContentHead(models.Model):
    """The single row that serialises appends to the content history's chain (locked per append)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"content history head at #{self.seq}"


def _record(model, rows, action, fields, author):
    """Append one ContentChange per (pk, owner article) in ``rows``, chained after the
    head, which stays locked until the caller's transaction ends."""
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        head = ContentHead.objects.select_for_update().get_or_create(pk=1)[0]
        changes = []
        for pk, owner in rows:
            seq = head.seq + 1
            change = ContentChange(
                model=str(model._meta.model_name),
                object_id=pk,
                owner_article_id=owner,
                action=action,
                fields=sorted(fields),
                actor_id=author.pk,
                changed_at=now,
                seq=seq,
                prev_hash=head.hash,
            )
            change.hash = change.compute_hash()
            head.seq, head.hash = seq, change.hash
            changes.append(change)
        ContentChange.objects.bulk_create(changes)
        head.save(update_fields=["seq", "hash"])


def history_gap() -> str | None:
    """Whether a chained change is missing, from one statement (so one reading of the
    database, however many editors write meanwhile): the chained changes must number 1 to
    the head's sequence number without a gap."""
    changes, heads = ContentChange._meta.db_table, ContentHead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(seq), MIN(seq), MAX(seq), (SELECT seq FROM {heads} WHERE id = 1) "  # noqa: S608
            f"FROM {changes} WHERE seq IS NOT NULL"
        )
        count, low, high, head = cursor.fetchone()
    head = head or 0
    if (count, low or 1, high or 0) != (head, 1, head):
        return f"the content history holds {count} of its {head} changes: some were removed"
    return None


def verify_content_history() -> tuple[str | None, int]:
    """(problem, changes checked): each chained change follows the one before, hashes to
    its stored hash, and the head names the last; no change without a place in the chain
    was written after it began."""
    # The head first: every change up to it was committed with it, whatever is written since.
    head = ContentHead.objects.filter(pk=1).first()
    previous, expected, checked = "0" * 64, 1, 0
    chained = ContentChange.objects.filter(seq__isnull=False, seq__lte=head.seq if head else 0)
    for change in chained.order_by("seq").iterator(chunk_size=2000):
        if change.seq != expected:
            return f"content change #{expected} is missing (next found is #{change.seq})", checked
        if change.prev_hash != previous or not change.intact():
            return f"content change #{change.seq} was altered (it no longer matches its seal)", checked
        previous, expected, checked = change.hash, expected + 1, checked + 1
    if (head.seq if head else 0) != checked or (head.hash if head else "0" * 64) != previous:
        return f"the content history ends at #{checked} but its head records #{head.seq if head else 0}", checked
    if gap := history_gap():  # changes past the head, or the head moved back (read as one)
        return gap, checked
    first_chained = ContentChange.objects.filter(seq=1).values_list("pk", flat=True).first()
    if first_chained is not None and ContentChange.objects.filter(seq__isnull=True, pk__gt=first_chained).exists():
        return "a content change without a place in the chain was written after the chain began", checked
    return None, checked


class AttributedQuerySet(models.QuerySet):
    """Bulk paths write history too, so a shell's ``.update()`` is not a way round it."""

    def _owners(self):
        path = self.model.owner_path
        return list(self.values_list("pk", path)) if path else [(pk, None) for pk in self.values_list("pk", flat=True)]

    # Each method names the author before writing: an unattributed write must not happen.

    def update(self, **kwargs):
        author = current_author()
        rows = self._owners()
        count = super().update(**kwargs)
        if rows:
            _record(self.model, rows, ContentChange.CHANGED, kwargs, author)
        return count

    def delete(self):
        author = current_author()
        rows = self._owners()
        result = super().delete()
        if rows:
            _record(self.model, rows, ContentChange.DELETED, [], author)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        author = current_author()
        objs = super().bulk_create(objs, *args, **kwargs)
        _record(self.model, [(o.pk, o.history_owner()) for o in objs], ContentChange.CREATED, ["*"], author)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        author = current_author()
        count = super().bulk_update(objs, fields, *args, **kwargs)
        _record(self.model, [(o.pk, o.history_owner()) for o in objs], ContentChange.CHANGED, fields, author)
        return count


class Attributed(models.Model):
    """A content record whose every write is attributed (articles/history.py)."""

    # The lookup from this record to the id of the article it belongs to; None for shared
    # records, whose changes are matched by their own id.
    owner_path: str | None = None

    objects = AttributedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        author = current_author()  # before writing: an unattributed save must not happen
        adding = self._state.adding
        changed = self._changed_fields(kwargs.get("update_fields")) if not adding else ["*"]
        super().save(*args, **kwargs)
        if changed:
            action = ContentChange.CREATED if adding else ContentChange.CHANGED
            _record(type(self), [(self.pk, self.history_owner())], action, changed, author)

    def delete(self, *args, **kwargs):
        author = current_author()
        pk, owner = self.pk, self.history_owner()
        result = super().delete(*args, **kwargs)
        _record(type(self), [(pk, owner)], ContentChange.DELETED, [], author)
        return result

    def history_owner(self):
        if self.owner_path is None:
            return None
        value = self
        for part in self.owner_path.split("__"):
            value = getattr(value, part)
        return value

    def _changed_fields(self, update_fields):
        """Names of the concrete fields whose value differs from the stored row."""
        attnames = {f.name: f.attname for f in self._meta.concrete_fields if not f.primary_key}
        names = list(attnames.values()) if update_fields is None else [attnames[n] for n in update_fields]
        stored = type(self)._base_manager.filter(pk=self.pk).values(*names).first()
        if stored is None:
            return ["*"]
        return [n.removesuffix("_id") for n in names if stored[n] != getattr(self, n)]
