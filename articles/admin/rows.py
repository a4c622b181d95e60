"""The rows of the article editor: formsets that save reordered rows safely, accept only
this article's rows, skip rows posted back unchanged, and read what a page shows in one
query per formset instead of one per row."""

from typing import Any, cast

import nested_admin
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F
from django.http import QueryDict
from django.utils.functional import cached_property

from .. import editing
from ..widgets import speed_up
from . import merge


class KnownRowsChoiceField(forms.ModelChoiceField):
    """A choice of row that takes its object from ``known`` (rows fetched once for the
    whole formset) before asking the database, one query per posted row otherwise."""

    known: dict[str, models.Model] = {}

    def to_python(self, value):
        if value not in self.empty_values and str(value) in self.known:
            return self.known[str(value)]
        return super().to_python(value)


def new_orders(stored: list[int | None]) -> list[int]:
    """Order values for rows now in this sequence, given each one's stored value (None
    for a new row), changing as few as possible: the longest run of rows whose stored
    values still increase keeps them, and each other row takes a free value between its
    neighbours. Where there is none, every row is numbered 0..n-1."""
    known: list[tuple[int, int]] = [(index, value) for index, value in enumerate(stored) if value is not None]
    # The longest increasing subsequence of the stored values (patience sorting).
    tails: list[int] = []  # indexes into ``known`` of the smallest tail of each length
    before: dict[int, int] = {}
    for position, (_, value) in enumerate(known):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if known[tails[middle]][1] < value:
                low = middle + 1
            else:
                high = middle
        if low:
            before[position] = tails[low - 1]
        tails[low : low + 1] = [position]
    keep: dict[int, int] = {}
    at: int | None = tails[-1] if tails else None
    while at is not None:
        index, value = known[at]
        keep[index] = value
        at = before.get(at)
    result: list[int] = []
    for index in range(len(stored)):
        if index in keep:
            result.append(keep[index])
            continue
        low = result[-1] if result else -1
        above = [value for later, value in keep.items() if later > index]
        if above and low + 1 >= min(above):
            return list(range(len(stored)))
        result.append(low + 1)
    return result


class OrderedInlineFormSet(nested_admin.NestedInlineFormSet):
    """Saves reordered rows without tripping the unique (parent, order) constraint.

    Django saves forms one at a time, so swapping two rows' order would collide
    half-way. Rows that move or go are first parked at a negative order of their own.
    Posted order values are ranks, so duplicates or gaps in a hand-made POST are ranked
    here instead of failing (nested_admin's template tag cannot sort ties); saving
    keeps each row's stored value where the rank allows (process_forms_pre_save).
    """

    data: Any

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            # request.POST is immutable: ranked in a copy. nested_admin gives each nested
            # formset a mutable copy of its own, ranked in place (a second copy of a
            # 300-entry article's post per formset made its save quadratic).
            if not (isinstance(self.data, QueryDict) and self.data._mutable):
                self.data = self.data.copy()
            keys = [self.add_prefix(i) + "-order" for i in range(self.total_form_count())]

            def position(item):
                index, key = item
                try:
                    return (int(self.data.get(key, "")), index)
                except ValueError:
                    return (float("inf"), index)

            for rank, (_, key) in enumerate(sorted(enumerate(keys), key=position)):
                if key in self.data:
                    self.data[key] = str(rank)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.is_bound and form.instance.pk and (shown := self._merge_base()):
            model = self.model._meta.model_name
            label = f"{editing.ROW_LABELS.get(model, model)} “{editing.row_name(model, form.instance)}”"
            merge.keep_theirs(form, self.data, shown, label)
        return form

    def _merge_base(self):
        """What the page showed when opened, when this post saves over another's version."""
        if not hasattr(self, "_shown"):
            try:
                article_id = self.instance.history_owner()
            except ObjectDoesNotExist:
                article_id = None
            self._shown = merge.merging(self.data, article_id)
        return self._shown

    def get_queryset(self):
        # nested_admin accepts the id of any row of the model, so rows can be dragged
        # between parents; only rows of this article may be, or a hand-made form could
        # move another article's rows into this one.
        queryset = super().get_queryset()
        if not self.data:
            return queryset
        if not hasattr(self, "_article_rows"):  # built once: nested_admin asks for it per row
            try:
                article_id = self.instance.history_owner()
            except ObjectDoesNotExist:
                article_id = None
            self._article_rows = (
                queryset.filter(**{self.model.owner_path: article_id}) if article_id else queryset.none()
            )
        return self._article_rows

    @cached_property
    def management_form(self):
        return speed_up(super().management_form)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        speed_up(form)  # the id, parent and delete fields are added after the form is built
        pk_field = form.fields.get(self._pk_field.name)
        if self.is_bound and type(pk_field) is forms.ModelChoiceField:
            # Only this article's rows are known (get_queryset); any other id goes to the
            # database as before and clean() refuses it.
            pk_field.__class__ = KnownRowsChoiceField
            cast(KnownRowsChoiceField, pk_field).known = self._known_rows()

    def _known_rows(self):
        if not hasattr(self, "_rows_by_pk"):
            self._rows_by_pk = {str(row.pk): row for row in self.get_queryset()}
        return self._rows_by_pk

    def clean(self):
        super().clean()
        # nested_admin would fetch a posted id wherever it lives and save this form's data
        # into it; a row that is not this article's is refused instead.
        allowed = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
        for form in self.initial_forms:
            posted = form[self._pk_field.name].data
            if posted not in (None, "") and str(posted) not in allowed:
                raise forms.ValidationError(
                    "A row in this form is not part of this article any more (someone may have removed it "
                    "since you opened the page). Nothing was saved: copy what you need, then reload the page.",
                    code="foreign_row",
                )

    def save_existing_objects(self, initial_forms=None, commit=True):
        # nested_admin fetches every posted row twice to save it, changed or not. A row
        # posted back unchanged, under the parent it already had, needs no write: it is
        # left out (one query per list finds rows dragged in from another parent).
        if initial_forms:
            initial_forms = [form for form in initial_forms if self._needs_saving(form)]
        return super().save_existing_objects(initial_forms, commit)

    def _needs_saving(self, form):
        if form.has_changed() or self._should_delete_form(form) or not form.instance.pk:
            return True
        if not hasattr(self, "_stored_parents"):
            ids = [f.instance.pk for f in self.initial_forms if f.instance.pk]
            rows = self.model._default_manager.filter(pk__in=ids).values_list("pk", self.fk.attname)
            self._stored_parents = dict(rows)
        return self._stored_parents.get(form.instance.pk) != self.instance.pk

    def process_forms_pre_save(self, forms):
        """Sort the rows by their posted rank and give each an order value, changing as
        few as possible: a row keeps its stored value while that still follows the row
        before it, and only the others get the next number. nested_admin would renumber
        every row 0..n-1, so a save that moved nothing recorded every row as moved (and
        its author as a contributor to them). Rows whose value changes, and rows that go,
        are parked first."""
        forms.sort(key=lambda form: getattr(form, "cleaned_data", {}).get("order", 0))
        kept = [
            form for form in forms if not self._should_delete_form(form) and (form._is_initial or form.changed_data)
        ]  # not the rows that go, nor blank new rows (never saved)
        for form, order in zip(
            kept, new_orders([form.initial.get("order") if form._is_initial else None for form in kept]), strict=True
        ):
            key = form.add_prefix("order")
            if form.data.get(key) != str(order):
                form.instance.order = order
                form.data[key] = str(order)
                form.__dict__.pop("changed_data", None)  # asked again, against the value kept
        parked = [
            form.instance.pk
            for form in forms
            if form._is_initial
            and form.instance.pk
            and (self._should_delete_form(form) or form.initial.get("order") != form.instance.order)
        ]
        if parked:
            self.model._default_manager.filter(pk__in=parked).update(order=-F("pk"))
        return forms


class TypedText(forms.CharField):
    """Text typed in a box, with the line endings the page stores: a browser sends CRLF,
    so a box posted back untouched would otherwise count as changed (and be recorded)."""

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


class TypedTextFields:
    """For admins and inlines: every multi-line text field is a TypedText, its box
    BOX_ROWS[name] lines tall where given (a box can be stretched, and long text scrolls)."""

    BOX_ROWS: dict[str, int] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", TypedText)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]  # a mixin
        if formfield is not None and db_field.name in self.BOX_ROWS:
            formfield.widget.attrs["rows"] = self.BOX_ROWS[db_field.name]
        return formfield


class OneParagraph(forms.CharField):
    """A single paragraph typed in a box that shows all of it: line breaks and runs of
    spaces become one space, as the page will show them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2, "class": "one-paragraph"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return " ".join(str(super().to_python(value)).split())


class EditorRowForm(forms.ModelForm):
    """A row of the article's page. A row posted back unchanged is not saved, so it is
    not checked against the model either: that check costs queries per row (each CHECK
    constraint is evaluated in the database), and the page posts every row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        speed_up(self)

    def _post_clean(self):
        if self.instance.pk and not self.has_changed():
            return
        super()._post_clean()  # type: ignore[misc]  # ModelForm defines it; the stubs do not


class ParentInlineForm(EditorRowForm):
    """A section or group counts as filled in when anything nested in it is, so a
    heading-less group of questions is saved with its entries, not skipped as empty."""

    def has_changed(self):
        return super().has_changed() or any(fs.has_changed() for fs in getattr(self, "nested_formsets", []))


class BatchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that renders its selected label from ``known_labels`` (filled
    once per formset) instead of running a query per row; unknown values fall back."""

    known_labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if selected and (self.known_labels is None or any(v not in self.known_labels for v in selected)):
            return super().optgroups(name, value, attr)
        # Nothing chosen (most rows leave two of condition, article and text empty), or
        # every label known: no query.
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        labels = self.known_labels or {}
        for v in selected:
            options.append(self.create_option(name, v, labels[v], True, len(options)))
        return [(None, options, 0)]


class AutocompletedFormSet(OrderedInlineFormSet):
    """Rows whose AUTOCOMPLETED choices (a condition, a warning sign...) are read in one
    query per formset, for the labels shown and the objects a save needs, not per row."""

    AUTOCOMPLETED: tuple[str, ...] = ()

    @cached_property
    def forms(self):
        rows = super().forms
        for field in self.AUTOCOMPLETED:
            values = {str(f[field].value()) for f in rows if f[field].value() not in (None, "")}
            if not values or not rows:
                continue
            # One query per formset for the labels shown and the objects a save needs.
            queryset = rows[0].fields[field].queryset
            objects = {str(obj.pk): obj for obj in queryset.filter(pk__in=values)}
            labels = {pk: str(obj) for pk, obj in objects.items()}
            for form in rows:
                widget = getattr(form.fields[field].widget, "widget", form.fields[field].widget)
                if isinstance(widget, BatchedAutocompleteSelect):
                    widget.known_labels = labels
                if type(form.fields[field]) is forms.ModelChoiceField:
                    form.fields[field].__class__ = KnownRowsChoiceField
                    form.fields[field].known = objects
        return rows


class EntryFormSet(AutocompletedFormSet):
    AUTOCOMPLETED = ("condition", "related_article")


class CareAdviceFormSet(AutocompletedFormSet):
    AUTOCOMPLETED = ("sign",)


class EditorInlineAdminFormSet(nested_admin.nested.NestedInlineAdminFormset):
    """nested_admin walks each formset three times per page (for its media, then twice to
    sort it), and Django builds every row's admin wrapper, and a new blank template row
    with all its nested formsets, on each walk. Built once here."""

    def __iter__(self):
        if not hasattr(self, "_built"):
            self._built = list(super().__iter__())
        return iter(self._built)
