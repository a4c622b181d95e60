""" "Save my version anyway", field by field. When someone else saved an article after this
editor opened it, the save is refused (articles/editing.py); the editor may then save
their version over theirs. Only what this editor changed since opening the page is
written: every other field takes what is saved now, so the other person's changes there
are kept, and the page says which.

What the page showed when it was opened travels with it (the form's ``opened`` field:
each field's value as the browser would post it, signed so it cannot be made up). A
field whose posted value is still that one was not touched by this editor.

Text, choices and single links are merged; lists of links (categories, related
articles), the rows' positions and added or removed rows are this editor's as posted.
"""

from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django import forms
from django.core import signing
from django.db import models

from .. import editing

SALT = "articles.admin.merge.opened"
_kept: ContextVar[list[str] | None] = ContextVar("kept_theirs", default=None)
SKIPPED = {"order", "DELETE", "id"}


def _merged_fields(form: forms.BaseForm) -> Iterator[str]:
    for name, field in form.fields.items():
        if name in SKIPPED or isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(field, forms.BooleanField | forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            continue
        yield name


def as_posted(value: Any) -> str:
    """A field's value as a browser posts it, line endings as stored."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        value = value.pk
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _all_forms(form_list: Iterable[forms.BaseForm]) -> Iterator[forms.BaseForm]:
    for form in form_list:
        yield form
        for formset in getattr(form, "nested_formsets", None) or []:
            yield from _all_forms(formset.forms)


def opened(article_form: forms.BaseForm, formsets: Iterable[Any]) -> str:
    """The ``opened`` value of an article page being built: every merged field's value."""
    shown: dict[str, str] = {}
    for form in _all_forms([article_form, *(form for formset in formsets for form in formset.forms)]):
        for name in _merged_fields(form):
            shown[form.add_prefix(name)] = as_posted(form[name].value())
    return signing.dumps(shown, salt=SALT, compress=True)


def base(data: Any) -> dict[str, str] | None:
    """What the page showed when it was opened, if the post carries it intact."""
    try:
        shown = signing.loads(data.get("opened", ""), salt=SALT)
    except signing.BadSignature:
        return None
    return shown if isinstance(shown, dict) else None


def merging(data: Any, article_id: int | None) -> dict[str, str] | None:
    """The opened page's values when this post saves over someone else's version
    ("replace_theirs" names the article's current history), else None."""
    if not article_id or not data.get("replace_theirs"):
        return None
    if data.get("replace_theirs") != editing.edit_token(article_id):
        return None
    return base(data)


def keep_theirs(form: forms.BaseForm, data: Any, shown: dict[str, str], label: str) -> None:
    """Give every field of ``form`` this editor left as it was opened the value saved
    now (``data`` is the mutable post the form reads), noting each one that differs."""
    for name in _merged_fields(form):
        key = form.add_prefix(name)
        if key not in shown or as_posted(data.get(key)) != shown[key]:
            continue  # this editor changed it, or the page did not show it: theirs is replaced
        current = as_posted(form[name].initial)
        if current != shown[key]:
            data[key] = current
            noted = _kept.get()
            if noted is not None:
                noted.append(
                    f"{label} ({editing.field_name(name)})" if label else editing.ARTICLE_FIELDS.get(name, name)
                )


def kept_now() -> list[str]:
    """What this request kept of the other people's changes, so far."""
    return list(_kept.get() or [])


def collecting() -> Any:
    """Start noting kept changes for this request; the token resets it (stop_collecting)."""
    return _kept.set([])


def stop_collecting(token: Any) -> None:
    _kept.reset(token)
