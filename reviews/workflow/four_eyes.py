"""Four eyes (invariant 4): who may not approve a revision.

Nobody who changed anything the revision shows since the article's last *approved*
revision was frozen may approve it: the article's own records (its fields, sections,
groups, entries, references, category and related-article links) and every record of
another table whose data the revision shows (conditions, categories, warning signs,
linked articles' titles, questions and leads). Derived from the content history (articles.ContentChange),
which every write path appends to, and from who submitted the revisions in between.

Values of other tables are also compared one by one with the last approved revision:
whoever wrote a value that differs from it (a condition newly listed, a gloss changed
while no approved revision showed it, a category it lost) may not approve it, however
long ago they wrote that value. Nobody approves a value of their own.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.query import RawQuerySet

from articles.document import entries, shown_records, signs
from articles.models import Article, Category, Condition, ContentChange, WarningSign, history_gap
from reviews.provenance.models import Decision, Revision, SignOff

# The two reads below run twice in every sign-off (at submit and at approve). They are
# written as SQL once, here, because building them with the ORM took four times as long
# as the database took to answer them (about 1 ms of Python each).
_REVISIONS_UP_TO = """
    SELECT r.id, r.number, r.created_by_id, r.created_at,
           EXISTS (SELECT 1 FROM {signoffs} s WHERE s.revision_id = r.id AND s.decision = %s) AS approved
    FROM {revisions} r
    WHERE r.article_id = %s AND r.number <= %s
    ORDER BY r.number DESC
"""
_CHANGES = """
    SELECT * FROM {changes}
    WHERE changed_at <= %s {since} AND (owner_article_id = %s {records})
"""


def _submitted_since_approval(revision: Revision) -> tuple[set[int], Revision | None]:
    """(who submitted the revisions after the article's last approved one, up to
    ``revision``; that approved revision, without its snapshot, or None): one read of
    the article's revisions up to ``revision``, newest first."""
    sql = _REVISIONS_UP_TO.format(signoffs=SignOff._meta.db_table, revisions=Revision._meta.db_table)
    submitted: set[int] = set()
    for row in Revision.objects.raw(sql, [Decision.APPROVED, revision.article_id, revision.number]):
        if getattr(row, "approved") and row.number < revision.number:  # noqa: B009 - a column of the raw query
            return submitted, row
        if row.created_by_id:
            submitted.add(row.created_by_id)
    return submitted, None


Shared = type[Condition] | type[Category] | type[Article] | type[WarningSign]
SHARED: dict[str, Shared] = {
    "condition": Condition,
    "category": Category,
    "article": Article,
    "warningsign": WarningSign,
}


def _ids(model: Shared, keys: set[int | str]) -> dict[int, object]:
    """Map record ids to the document keys (ids, or slugs in documents before schema 2)."""
    ids: dict[int, object] = {key: key for key in keys if isinstance(key, int)}
    slugs = [key for key in keys if isinstance(key, str)]
    if slugs:
        ids.update({pk: slug for slug, pk in model._default_manager.filter(slug__in=slugs).values_list("slug", "pk")})
    return ids


def _changes(
    revision: Revision, since: datetime.datetime | None, records: dict[str, list[int]]
) -> RawQuerySet[ContentChange]:
    """The content changes made up to the revision's freezing (after ``since``) to the
    article's own records or to ``records`` ({model name: ids})."""
    day = connection.ops.adapt_datetimefield_value
    params: list[Any] = [day(revision.created_at)] + ([day(since)] if since else []) + [revision.article_id]
    clauses = []
    for model, ids in records.items():
        if ids:
            clauses.append(f"OR (model = %s AND object_id IN ({', '.join(['%s'] * len(ids))}))")
            params += [model, *ids]
    sql = _CHANGES.format(
        changes=ContentChange._meta.db_table,
        since="AND changed_at > %s" if since else "",
        records=" ".join(clauses),
    )
    return ContentChange.objects.raw(sql, params)


def barred_approvers(revision: Revision) -> set[int]:
    """Ids of the users who may not approve ``revision``."""
    barred, approved = _submitted_since_approval(revision)
    since = approved.created_at if approved else None
    if revision.last_edited_by_id:
        barred.add(revision.last_edited_by_id)
    if approved is not None:
        barred |= value_authors(approved.snapshot, revision.snapshot)

    shown = shown_records(revision.snapshot)
    found = {model: _ids(SHARED[model], set(keys)) for model, keys in shown.items()}
    articles = found["article"]
    records = {model: list(ids) for model, ids in found.items()}
    for change in map(_read, _changes(revision, since, records)):
        if change.model == "article" and change.object_id is not None and change.object_id != revision.article_id:
            # Another article: only the fields this revision shows of it count.
            wanted = shown["article"][articles[change.object_id]]
            if not ({"*", *wanted} & set(change.fields)):
                continue
        barred.add(change.actor_id)
    return barred


class HistoryTampered(Exception):
    """The content history was changed below the application: who wrote what cannot be told."""


def _read(change: ContentChange) -> ContentChange:
    """``change``, once its seal says it is what was written."""
    if not change.intact():
        raise HistoryTampered(f"content change #{change.seq} was altered")
    return change


def approvers_barred(revision: Revision) -> set[int]:
    """Who may not approve ``revision``: as the history stands now, and as it stood when
    the revision was frozen. HistoryTampered when the content history has a gap, or a
    change it reads was altered: then nobody may."""
    if gap := history_gap():
        raise HistoryTampered(gap)
    return barred_approvers(revision) | revision.barred_approver_ids()


def may_approve(user_id: int | None, revision: Revision) -> bool:
    try:
        return user_id not in approvers_barred(revision)
    except HistoryTampered:
        return False


# The fields of other tables' records a document shows, by where it shows them: {document
# key: model field} (ContentChange names a foreign key without its "_id").
CONDITION_FIELDS = {"slug": "slug", "name": "name", "gloss": "gloss", "also_called": "synonyms",
                    "lay_terms": "lay_terms", "own_article": "article"}  # fmt: skip
CODES = ("icd10", "snomed_ct", "mesh")
ARTICLE_FIELDS = ("slug", "title", "question", "lead")
SIGN_FIELDS = ("text", "tier", "condition")


def shown_values(document: dict[str, Any]) -> dict[tuple[str, Any], dict[str, Any]]:
    """{(model, id or slug): {model field: value}} of every other table's record ``document``
    shows, as it shows them."""
    shown: dict[tuple[str, Any], dict[str, Any]] = {}

    def add(model: str, record: dict[str, Any], values: dict[str, Any]) -> None:
        shown.setdefault((model, record.get("id", record.get("slug"))), {}).update(values)

    for _, _, entry in entries(document, "condition"):
        values = {field: entry.get(key) for key, field in CONDITION_FIELDS.items()}
        add("condition", entry, {**values, **{code: entry.get("codes", {}).get(code) for code in CODES}})
    for _, _, entry in entries(document, "article"):
        add("article", entry, {"slug": entry["slug"], "title": entry["title"]})
    for category in document["categories"]:
        add("category", category, {"slug": category["slug"], "name": category["name"]})
    for tier, text, sign in signs(document):
        if sign["id"] is not None:
            add("warningsign", sign, dict(zip(SIGN_FIELDS, (text, tier, sign["condition"]), strict=True)))
    for linked in [*document["related"], *([document["overview"]] if document["overview"] else [])]:
        add("article", linked, {field: linked[field] for field in ARTICLE_FIELDS if field in linked})
    return shown


def value_authors(approved: dict[str, Any], proposed: dict[str, Any]) -> set[int]:
    """Ids of whoever wrote, at any time, a value of another table's record that
    ``proposed`` shows differently from ``approved`` (or shows and ``approved`` did not),
    and whoever deleted a record ``approved`` showed and ``proposed`` does not."""
    before, after = shown_values(approved), shown_values(proposed)
    differing: dict[tuple[str, Any], set[str]] = {}
    for record, values in after.items():
        was = before.get(record, {})
        fields = {field for field, value in values.items() if field not in was or was[field] != value}
        if fields:
            differing[record] = fields
    removed = [record for record in before if record not in after]
    keys: dict[str, set[Any]] = {}
    for model, key in [*differing, *removed]:
        keys.setdefault(model, set()).add(key)
    ids = {model: _ids(SHARED[model], found) for model, found in keys.items()}
    wanted = Q(pk__in=[])
    for model, found in ids.items():
        wanted |= Q(model=model, object_id__in=list(found))
    authors = set()
    for change in map(_read, ContentChange.objects.filter(wanted)):
        if change.object_id is None:
            continue
        record = (change.model, ids[change.model].get(change.object_id))
        if record in differing:
            written = {"*"} if change.action != ContentChange.CHANGED else set(change.fields)
            if "*" in written or written & differing[record]:
                authors.add(change.actor_id)
        elif change.action == ContentChange.DELETED:
            authors.add(change.actor_id)
    return authors
