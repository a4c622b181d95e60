"""Faster rendering for the plain widgets of the article editor.

The article page renders several hundred inputs and selects; Django renders each through
three or four small templates (input, attrs, one per option), which was most of the
page's server time. These widgets write the same HTML in Python. They take over only
widgets whose template is one of Django's own, so a widget with a custom template (the
admin's date and autocomplete wrappers) keeps it; the output is checked against
Django's in tests/articles/test_editor.py.
"""

from functools import cache
from typing import Any

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html" for name in ("text", "hidden", "number", "url", "email", "checkbox", "input")
}
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
RELATED_TEMPLATE = "admin/widgets/related_widget_wrapper.html"


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Django's attrs.html: ` name="value"`, a bare ` name` for True, nothing for False
    (the bare names come last here; attribute order means nothing in HTML)."""
    valued = format_html_join(
        "", ' {}="{}"', ((k, str(v)) for k, v in attrs.items() if v is not True and v is not False)
    )
    bare = format_html_join("", " {}", ((k,) for k, v in attrs.items() if v is True))
    return valued + bare if bare else valued


class FastInput:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        w = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = "" if w["value"] is None else format_html(' value="{}"', str(w["value"]))
        return format_html('<input type="{}" name="{}"{}{}>', w["type"], w["name"], shown, _attrs(w["attrs"]))


class FastTextarea:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        w = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        return format_html('<textarea name="{}"{}>\n{}</textarea>', w["name"], _attrs(w["attrs"]), w["value"] or "")


class FastSelect:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        w = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        groups = []
        for group_name, options, _ in w["optgroups"]:
            rendered = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                ((str(option["value"]), _attrs(option["attrs"]), option["label"]) for option in options),
            )
            if group_name:
                rendered = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered)
            groups.append((rendered,))
        return format_html(
            '<select name="{}"{}>{}\n</select>', w["name"], _attrs(w["attrs"]), format_html_join("", "{}", groups)
        )


class FastRelatedWrapper:
    """The admin's related-field wrapper (admin/widgets/related_widget_wrapper.html): the
    field's widget and its add/change/delete/view pop-up links."""

    LINKS = (
        ("can_change_related", "change-related", "change", "Change selected {}", "icon-changelink.svg"),
        ("can_add_related", "add-related", "add", "Add another {}", "icon-addlink.svg"),
        ("can_delete_related", "delete-related", "delete", "Delete selected {}", "icon-deletelink.svg"),
        ("can_view_related", "view-related", "view", "View selected {}", "icon-viewlink.svg"),
    )

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        c = self.get_context(name, value, attrs)  # type: ignore[attr-defined]
        links = []
        if not c["is_hidden"]:
            urls = {
                "change": (c.get("change_related_template_url"), c["url_params"], "data-href-template"),
                "add": (c.get("add_related_url"), c["url_params"], "href"),
                "delete": (c.get("delete_related_template_url"), c["url_params"], "data-href-template"),
                "view": (c.get("change_related_template_url"), c.get("view_related_url_params"), "data-href-template"),
            }
            for flag, css, action, title, icon in self.LINKS:
                if not c[flag]:
                    continue
                url, params, attribute = urls[action]
                popup = "" if action == "view" else format_html(' data-popup="{}"', "yes")
                links.append(
                    format_html(
                        '<a class="related-widget-wrapper-link {}" id="{}_id_{}" {}="{}?{}"{} title="{}">'
                        '<img src="{}" alt="" width="24" height="24"></a>',
                        css,
                        action,
                        c["name"],
                        attribute,
                        url,
                        params,
                        popup,
                        title.format(c["model"]),
                        static(f"admin/img/{icon}"),
                    )
                )
        ref = "" if c["model_has_limit_choices_to"] else format_html(' data-model-ref="{}"', c["model_name"])
        return format_html(
            '<div class="related-widget-wrapper"{}>{}{}</div>',
            ref,
            c["rendered_widget"],
            format_html_join("", "{}", ((link,) for link in links)),
        )


@cache
def _fast_class(widget_class: type[forms.Widget]) -> type | None:
    if issubclass(widget_class, (FastInput, FastTextarea, FastSelect)):
        return None  # already fast
    template = getattr(widget_class, "template_name", None)
    if issubclass(widget_class, forms.widgets.Input) and template in INPUT_TEMPLATES:
        mixin: type = FastInput
    elif issubclass(widget_class, forms.Textarea) and template == TEXTAREA_TEMPLATE:
        mixin = FastTextarea
    elif (
        issubclass(widget_class, forms.Select)
        and template == SELECT_TEMPLATE
        and getattr(widget_class, "option_template_name", None) == OPTION_TEMPLATE
    ):
        mixin = FastSelect
    else:
        return None
    return type(f"Fast{widget_class.__name__}", (mixin, widget_class), {"__module__": __name__})


def speed_up(form: forms.BaseForm) -> forms.BaseForm:
    """Render ``form``'s plain widgets (also inside the admin's related-field wrapper) in Python."""
    for field in form.fields.values():
        holder = field.widget
        if type(holder) is RelatedFieldWidgetWrapper and holder.template_name == RELATED_TEMPLATE:
            holder.__class__ = FastRelatedWidgetWrapper
        widget = getattr(holder, "widget", holder)
        fast = _fast_class(type(widget)) if isinstance(widget, forms.Widget) else None
        if fast is not None:
            widget.__class__ = fast
    return form


class FastRelatedWidgetWrapper(FastRelatedWrapper, RelatedFieldWidgetWrapper):
    pass
