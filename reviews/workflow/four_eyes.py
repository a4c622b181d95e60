"""Four eyes (invariant 4): who may not approve a revision.

Nobody who changed anything the revision shows since the article's last *approved*
revision was frozen may approve it: the article's own records (its fields, sections,
groups, entries, references, category and related-article links) and every record of
another table whose data the revision shows (conditions, categories, linked articles'
titles, questions and leads). Derived from the content history (articles.ContentChange),
which every write path appends to, and from who submitted the revisions in between.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.models.query import RawQuerySet

from articles.document import shown_records
from articles.models import Article, Category, Condition, ContentChange
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
    SELECT id, model, object_id, fields, actor_id FROM {changes}
    WHERE changed_at <= %s {since} AND (owner_article_id = %s {records})
"""


def _submitted_since_approval(revision: Revision) -> tuple[set[int], datetime.datetime | None]:
    """(who submitted the revisions after the article's last approved one, up to
    ``revision``; when that approved revision was frozen, or None): one read of the
    article's revisions up to ``revision``, newest first."""
    sql = _REVISIONS_UP_TO.format(signoffs=SignOff._meta.db_table, revisions=Revision._meta.db_table)
    submitted: set[int] = set()
    for row in Revision.objects.raw(sql, [Decision.APPROVED, revision.article_id, revision.number]):
        if getattr(row, "approved") and row.number < revision.number:  # noqa: B009 - a column of the raw query
            return submitted, row.created_at
        if row.created_by_id:
            submitted.add(row.created_by_id)
    return submitted, None


def _ids(model: type[Condition] | type[Category] | type[Article], keys: set[int | str]) -> dict[int, object]:
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
    barred, since = _submitted_since_approval(revision)
    if revision.last_edited_by_id:
        barred.add(revision.last_edited_by_id)

    shown = shown_records(revision.snapshot)
    conditions = _ids(Condition, set(shown["condition"]))
    categories = _ids(Category, set(shown["category"]))
    articles = _ids(Article, set(shown["article"]))
    records = {"condition": list(conditions), "category": list(categories), "article": list(articles)}
    for change in _changes(revision, since, records):
        if change.model == "article" and change.object_id is not None and change.object_id != revision.article_id:
            # Another article: only the fields this revision shows of it count.
            wanted = shown["article"][articles[change.object_id]]
            if not ({"*", *wanted} & set(change.fields)):
                continue
        barred.add(change.actor_id)
    return barred


def may_approve(user_id: int | None, revision: Revision) -> bool:
    """Four eyes as the history stands now, and as it stood when the revision was frozen."""
    return user_id not in barred_approvers(revision) | revision.barred_approver_ids()
