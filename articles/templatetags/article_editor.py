"""What the article editor's templates ask of a nested form: counts and errors, read
from the forms already built (no queries)."""

from typing import Any

from django import template

register = template.Library()


def _nested(form: Any) -> list[Any]:
    return list(getattr(form, "nested_formsets", []))


def _has_errors(form: Any) -> bool:
    if form.errors:
        return True
    return any(formset.non_form_errors() or any(_has_errors(f) for f in formset.forms) for formset in _nested(form))


@register.filter
def has_errors(inline_admin_form: Any) -> bool:
    """Whether the form, or any form nested in it, has an error to show."""
    return _has_errors(inline_admin_form.form)


@register.filter
def contents_summary(inline_admin_form: Any) -> str:
    """ "2 lists · 14 entries" for a section, "14 entries" for a list."""
    counts: dict[str, int] = {}

    def count(form: Any) -> None:
        for formset in _nested(form):
            noun = str(formset.model._meta.verbose_name)
            counts[noun] = counts.get(noun, 0) + len(formset.forms)
            for child in formset.forms:
                count(child)

    count(inline_admin_form.form)
    plural = {"group": "lists", "entry": "entries"}
    singular = {"group": "list"}
    return " · ".join(
        f"{n} {singular.get(noun, noun) if n == 1 else plural.get(noun, noun + 's')}" for noun, n in counts.items()
    )
