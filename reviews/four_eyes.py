"""Four eyes (invariant 4): who may not approve a revision.

Nobody who changed anything the revision shows since the article's last *approved*
revision was frozen may approve it: the article's own records (its fields, sections,
groups, entries, references, category and related-article links) and every record of
another table whose data the revision shows (conditions, categories, linked articles'
titles, questions and leads). Derived from the content history (articles.ContentChange),
which every write path appends to, and from who submitted the revisions in between.
"""

from django.db.models import Q

from articles.document import shown_records
from articles.models import Article, Category, Condition, ContentChange

from .models import Decision, Revision


def last_approved_before(revision: Revision) -> Revision | None:
    return (
        Revision.objects.filter(
            article_id=revision.article_id, number__lt=revision.number, signoffs__decision=Decision.APPROVED
        )
        .order_by("-number")
        .first()
    )


def _ids(model: type[Condition] | type[Category] | type[Article], keys: set) -> dict[int, object]:
    """Map record ids to the document keys (ids, or slugs in documents before schema 2)."""
    ids: dict[int, object] = {key: key for key in keys if isinstance(key, int)}
    slugs = [key for key in keys if isinstance(key, str)]
    if slugs:
        ids.update({pk: slug for slug, pk in model._default_manager.filter(slug__in=slugs).values_list("slug", "pk")})
    return ids


def barred_approvers(revision: Revision) -> set[int]:
    """Ids of the users who may not approve ``revision``."""
    since = last_approved_before(revision)
    window = Q(changed_at__lte=revision.created_at)
    submitted = Revision.objects.filter(article_id=revision.article_id, number__lte=revision.number)
    if since is not None:
        window &= Q(changed_at__gt=since.created_at)
        submitted = submitted.filter(number__gt=since.number)
    barred = {uid for uid in submitted.values_list("created_by_id", flat=True) if uid}
    if revision.last_edited_by_id:
        barred.add(revision.last_edited_by_id)

    shown = shown_records(revision.snapshot)
    conditions = _ids(Condition, set(shown["condition"]))
    categories = _ids(Category, set(shown["category"]))
    articles = _ids(Article, set(shown["article"]))
    touched = Q(owner_article_id=revision.article_id)
    touched |= Q(model="condition", object_id__in=list(conditions))
    touched |= Q(model="category", object_id__in=list(categories))
    touched |= Q(model="article", object_id__in=list(articles))
    for model, object_id, fields, actor in ContentChange.objects.filter(window, touched).values_list(
        "model", "object_id", "fields", "actor_id"
    ):
        if model == "article" and object_id is not None and object_id != revision.article_id:
            # Another article: only the fields this revision shows of it count.
            wanted = shown["article"][articles[object_id]]
            if not ({"*", *wanted} & set(fields)):
                continue
        barred.add(actor)
    return barred


def may_approve(user_id: int | None, revision: Revision) -> bool:
    """Four eyes as the history stands now, and as it stood when the revision was frozen."""
    return user_id not in barred_approvers(revision) | revision.barred_approver_ids()
