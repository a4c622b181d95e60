"""Backups that keep their proofs: every content, review, account and audit record as one
JSON file, timestamps to the microsecond (Django's own JSON encoder cuts them to
milliseconds, which breaks every seal and chain link that covers a time), and a restore
into an empty database that is verified before it is kept. Password hashes, second-factor
seeds and recovery codes are left out unless asked for (``secrets``).

Primary keys are kept, because hashes and seals name records by id. The read model's
listing and search rows are left out: a restore writes them again from each
publication's signed revision (so an edited backup cannot change what readers get
through them), and a backup moves between SQLite and PostgreSQL.
"""

import datetime
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model

from articles.models import verify_content_history
from reviews.accounts.audit import audit_paused
from reviews.provenance.audit import verify_chain
from reviews.readmodel import publishing

from .verification import history_cut_back, verify_records

# In the order a restore needs them (what is referred to comes first).
MODELS = [
    "auth.Group",
    "auth.User",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "otp_static.StaticToken",
    "articles.Category",
    "articles.Condition",
    "articles.WarningSign",
    "articles.Article",
    "articles.ArticleCategory",
    "articles.RelatedArticle",
    "articles.Section",
    "articles.EntryGroup",
    "articles.Entry",
    "articles.Reference",
    "articles.CareAdvice",
    "articles.Translation",
    "articles.TranslatedSegment",
    "articles.ContentChange",
    "articles.ContentHead",
    "reviews.ReviewerProfile",
    "reviews.Revision",
    "reviews.SignOff",
    "reviews.ReviewEvent",
    "reviews.AuditHead",
    "reviews.LogEntry",
    "reviews.TreeHead",
    "reviews.Publication",
    "reviews.TranslationRevision",
    "reviews.TranslationSignOff",
    "reviews.TranslationPublication",
    "reviews.PublicationClock",
    "reviews.ProblemReport",
    "reviews.ReminderLog",
    "admin.LogEntry",
]
# Read-model rows made from the publications' revisions: not restored from a backup
# (older backups hold them) but written again; publishedcategory is CategoryListing's
# name before reviews.0018.
DERIVED = {
    "reviews.categorylisting",
    "reviews.conditionlisting",
    "reviews.carestatement",
    "reviews.searchdocument",
    "reviews.searchcondition",
    "reviews.searchterm",
    "reviews.publishedcategory",
    "reviews.conditionsummary",
    "reviews.categorysummary",
    "reviews.translationsearch",
}
# Not backed up: who last opened an article's edit page (not content, and short-lived),
# and the link checker's last answers (the next check makes them again).
NOT_BACKED_UP = {"articles.editsession", "reviews.linkcheck", "reviews.linkcitation"}
# Rows a fresh, migrated database already has; a restore overwrites them.
MADE_BY_MIGRATIONS = {"auth.Group", "reviews.AuditHead", "reviews.PublicationClock"}


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class RestoreError(RuntimeError):
    """The backup cannot be restored here; nothing was written."""


# What lets someone sign in as a member of staff: left out of a backup unless asked for.
SECRET_MODELS = {"otp_totp.TOTPDevice", "otp_static.StaticDevice", "otp_static.StaticToken"}


def _rows(secrets: bool) -> Iterator[dict[str, Any]]:
    for label in MODELS:
        if label in SECRET_MODELS and not secrets:
            continue
        model: type[Model] = apps.get_model(label)
        text = serializers.serialize(
            "json",
            model._default_manager.order_by("pk").iterator(chunk_size=500),
            cls=FullPrecisionEncoder,
            use_natural_foreign_keys=True,
            # Roles are matched by name (a fresh database made them); everything else keeps
            # its id, which hashes and seals name.
            use_natural_primary_keys=label == "auth.Group",
        )
        for row in json.loads(text):
            if label == "auth.User" and not secrets:
                row["fields"]["password"] = make_password(None)  # unusable: set again after a restore
            yield row


def export_content(stream: IO[str], *, secrets: bool = False) -> int:
    """Write every record to ``stream`` as a JSON list; returns how many. Password hashes,
    second-factor seeds and recovery codes only with ``secrets``: a backup without them
    can sit where the database's own files may not."""
    count = 0
    stream.write("[\n")
    for row in _rows(secrets):
        stream.write(("," if count else "") + json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    stream.write("]\n")
    return count


def database_is_empty() -> bool:
    """No content, review or account records (what migrations make, roles, does not count)."""
    return not any(
        apps.get_model(label)._default_manager.exists() for label in MODELS if label not in MADE_BY_MIGRATIONS
    )


def import_content(path: str | Path) -> int:
    """Restore a backup made by export_content into an empty database, then verify the
    audit chain and every seal; on any problem nothing is kept."""
    if not database_is_empty():
        raise RestoreError("The database already holds content or accounts; restore into an empty one.")
    rows = [row for row in json.loads(Path(path).read_text(encoding="utf-8")) if row["model"] not in DERIVED]
    with transaction.atomic(), audit_paused(), tempfile.NamedTemporaryFile("w", suffix=".json") as records:
        json.dump(rows, records)
        records.flush()
        call_command("loaddata", records.name, verbosity=0)
        problem, checked = verify_chain()
        history = verify_content_history()[0] or history_cut_back()
        problems = [found for found in (problem, history) if found] + verify_records()
        if problems:
            raise RestoreError("The restored data does not verify: " + "; ".join(problems[:3]))
        publishing.rebuild()
        # What readers get may differ from what the clock's restored reading once named
        # (an older backup, another site): move it on, so no ETag or cached page from
        # before the restore is taken for current.
        publishing.tick_clock()
    return checked
