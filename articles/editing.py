"""Two people editing one article: who else has it open, and what changed since a form
was opened.

An article's edit page carries a *token*: the newest entry of the article's content
history (ContentChange) when the page was built. A save from a page whose token is no
longer the newest would overwrite what was saved in between, so the admin refuses it and
says who saved what, from the history itself (every write path appends to it).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Max
from django.utils import timezone

from .models import (
    Article,
    CareAdvice,
    ContentChange,
    EditSession,
    Entry,
    EntryGroup,
    Reference,
    Section,
)

RECENTLY_OPENED = datetime.timedelta(minutes=30)
MAX_ITEMS = 12  # lines listed per person; the rest are counted

ARTICLE_FIELDS = {
    "title": "the title",
    "slug": "the address (slug)",
    "question": "the question heading",
    "lead": "the lead",
    "lay_terms": "the everyday search words",
    "overview": "the companion overview",
    "copyright_holder": "the copyright holder",
}
# Written on every save, so not a change anyone made on purpose.
BOOKKEEPING = {"updated_at", "last_edited_by", "last_edited_at", "order"}
ROW_LABELS = {
    "section": "section",
    "entrygroup": "list",
    "entry": "entry",
    "reference": "reference",
    "careadvice": "when-to-get-help statement",
}
ROW_MODELS = {
    "section": Section,
    "entrygroup": EntryGroup,
    "entry": Entry,
    "reference": Reference,
    "careadvice": CareAdvice,
}


def edit_token(article_id: int) -> str:
    """The newest history entry of the article's content, as a string for a hidden field."""
    newest = ContentChange.objects.filter(owner_article_id=article_id).aggregate(newest=Max("pk"))["newest"]
    return str(newest or 0)


def _token_value(token: str) -> int | None:
    try:
        value = int(token)
    except (TypeError, ValueError):
        return None
    return value if value >= 0 else None


@dataclass
class SavedMeanwhile:
    """What one person saved to the article after a form was opened."""

    who: str
    at: datetime.datetime
    items: list[str] = field(default_factory=list)
    more: int = 0


def saved_since(article: Article, token: str) -> list[SavedMeanwhile] | None:
    """Who saved what to ``article`` after ``token``: an empty list when nothing did,
    None when the token is not one this site issued (a hand-made form)."""
    since = _token_value(token)
    if since is None:
        return None
    changes = list(
        ContentChange.objects.filter(owner_article_id=article.pk, pk__gt=since).select_related("actor").order_by("pk")
    )
    rows = _current_rows(changes)
    people: dict[int, SavedMeanwhile] = {}
    lines: dict[int, list[str]] = {}
    for change in changes:
        actor = change.actor
        person = people.setdefault(
            actor.pk, SavedMeanwhile(who=actor.get_full_name() or actor.get_username(), at=change.changed_at)
        )
        person.at = max(person.at, change.changed_at)
        line = _describe(change, rows)
        if line and line not in lines.setdefault(actor.pk, []):
            lines[actor.pk].append(line)
    for pk, person in people.items():
        person.items, person.more = lines[pk][:MAX_ITEMS], max(0, len(lines[pk]) - MAX_ITEMS)
    return sorted(people.values(), key=lambda p: p.at)


def _current_rows(changes: list[ContentChange]) -> dict[tuple[str, int], object]:
    """The rows the changes touched that still exist, to name them (one query per kind)."""
    wanted: dict[str, set[int]] = {}
    for change in changes:
        if change.model in ROW_MODELS and change.object_id is not None:
            wanted.setdefault(change.model, set()).add(change.object_id)
    rows: dict[tuple[str, int], object] = {}
    for model_name, ids in wanted.items():
        queryset = ROW_MODELS[model_name]._default_manager.filter(pk__in=ids)
        if model_name == "entry":
            queryset = queryset.select_related("condition", "related_article", "group")
        elif model_name == "entrygroup":
            queryset = queryset.select_related("section")
        for row in queryset:
            rows[(model_name, row.pk)] = row
    return rows


def _describe(change: ContentChange, rows: dict[tuple[str, int], object]) -> str:
    if change.model == "article":
        names = [ARTICLE_FIELDS[f] for f in change.fields if f in ARTICLE_FIELDS]
        return "changed " + ", ".join(names) if names else ""
    if change.model == "articlecategory":
        return "changed the categories"
    if change.model == "relatedarticle":
        return "changed the related articles"
    label = ROW_LABELS.get(change.model)
    if label is None:
        return ""
    row = rows.get((change.model, change.object_id or 0))
    named = f"{label} “{row_name(change.model, row)}”" if row is not None else f"a {label}"
    if change.action == ContentChange.CREATED:
        return f"added {named}"
    if change.action == ContentChange.DELETED:
        return f"removed a {label}"
    wrote = [f for f in change.fields if f not in BOOKKEEPING]
    if not wrote:
        return f"moved {named}"
    return f"changed {named} ({', '.join(field_name(f) for f in wrote)})"


def row_name(model_name: str, row: object) -> str:
    if model_name == "entrygroup":
        assert isinstance(row, EntryGroup)
        return row.heading or f"untitled list in “{row.section.heading}”"
    text = str(row)
    return text if len(text) <= 60 else text[:57] + "…"


def field_name(name: str) -> str:
    return {"lead_in": "lead-in", "related_article": "article", "text": "wording"}.get(name, name.replace("_", " "))


def note_opened(article: Article, user: User) -> None:
    """Remember that ``user`` opened the article's edit page now."""
    EditSession.objects.update_or_create(article=article, user=user, defaults={"opened_at": timezone.now()})


def others_editing(article: Article, user: User) -> list[tuple[str, datetime.datetime]]:
    """Who else opened the article's edit page recently: (name, when), newest first."""
    recent = (
        EditSession.objects.filter(article=article, opened_at__gte=timezone.now() - RECENTLY_OPENED)
        .exclude(user=user)
        .select_related("user")
        .order_by("-opened_at")
    )
    return [(s.user.get_full_name() or s.user.get_username(), s.opened_at) for s in recent]


def note_closed(article: Article, user: User) -> None:
    """``user`` saved and left the article's edit page."""
    EditSession.objects.filter(article=article, user=user).delete()
