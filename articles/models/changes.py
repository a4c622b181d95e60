"""The content history: who wrote what, appended on every write path and never changed.

Every content record is ``Attributed``: its saves, deletes, queryset updates and deletes,
and bulk creates and updates each append a ContentChange naming the author
(articles/history.py says who that is), which four eyes reads.
"""

from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["owner_article_id", "changed_at"], name="change_by_article"),
            models.Index(fields=["model", "object_id", "changed_at"], name="change_by_record"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} {self.action} by {self.actor_id}"


def _record(model, rows, action, fields, author):
    """Append one ContentChange per (pk, owner article) in ``rows``."""
    now = timezone.now()
    ContentChange.objects.bulk_create(
        ContentChange(
            model=str(model._meta.model_name),
            object_id=pk,
            owner_article_id=owner,
            action=action,
            fields=sorted(fields),
            actor_id=author.pk,
            changed_at=now,
        )
        for pk, owner in rows
    )


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
            ContentChange.objects.create(
                model=str(self._meta.model_name),
                object_id=self.pk,
                owner_article_id=self.history_owner(),
                action=ContentChange.CREATED if adding else ContentChange.CHANGED,
                fields=sorted(changed),
                actor_id=author.pk,
            )

    def delete(self, *args, **kwargs):
        author = current_author()
        pk, owner = self.pk, self.history_owner()
        result = super().delete(*args, **kwargs)
        ContentChange.objects.create(
            model=str(self._meta.model_name),
            object_id=pk,
            owner_article_id=owner,
            action=ContentChange.DELETED,
            actor_id=author.pk,
        )
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
