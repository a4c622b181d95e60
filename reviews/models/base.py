from django.core.exceptions import ValidationError
from django.db import models


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted through the ORM (what a
    reviewer signed, the audit log). Database-level changes are found by
    ``manage.py verify_audit_log``."""

    immutable_message = "This record cannot be changed once written."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(self.immutable_message, code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.immutable_message, code="immutable")
