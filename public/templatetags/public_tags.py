import datetime
import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import pgettext_lazy

from articles.markdown import render_markdown
from articles.models import LIKELIHOOD_ORDER, Likelihood
from articles.reference_urls import is_web_address

from ..paths import slug_path
from ..structured import breadcrumb_list

register = template.Library()


@register.filter
def markdown(text, references=None):
    """Render an editor's Markdown as sanitised HTML; ``{{ body|markdown:doc.references }}``
    also links its citations ("[2]") to the numbered references."""
    return mark_safe(render_markdown(text, len(references or ())))  # noqa: S308 - nh3 has sanitised it


# The characters json_script escapes, so the JSON cannot close its <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value):
    """``value`` as JSON-LD inside <script type="application/ld+json">."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.inclusion_tag("public/includes/breadcrumbs.html")
def breadcrumbs(trail, with_data=True):
    """Visible breadcrumbs, plus their BreadcrumbList unless the page's own JSON-LD
    carries it; ``trail`` is [(name, path)]."""
    data = {"@context": "https://schema.org", **breadcrumb_list(trail)} if with_data else None
    return {"trail": trail, "data": data}


@register.filter
def slug_url(slug, name):
    """``{{ entry.slug|slug_url:"public:condition" }}``: the memoised {% url name slug %}."""
    return slug_path(name, slug)


@register.filter
def web_address(url):
    """``{% if ref.url|web_address %}``: whether the address may be a link (http or https)."""
    return is_web_address(url)


@register.filter
def by_likelihood(entries):
    """Causes common first, rare last; entries without a likelihood keep their place
    among themselves (the editor's order)."""
    return sorted(entries, key=lambda entry: LIKELIHOOD_ORDER.get(entry.get("likelihood", ""), 2))


# A cause's likelihood as readers see it: its stored value is the English word itself.
LIKELIHOOD_LABELS = {
    Likelihood.COMMON: pgettext_lazy("likelihood of a cause", "common"),
    Likelihood.LESS_COMMON: pgettext_lazy("likelihood of a cause", "less common"),
    Likelihood.RARE: pgettext_lazy("likelihood of a cause", "rare"),
}


@register.filter
def likelihood_label(value):
    """``{{ entry.likelihood|likelihood_label }}``: the likelihood in the reader's language."""
    label = LIKELIHOOD_LABELS.get(value)
    return value if label is None else str(label)


@register.filter
def sentence(text):
    """``text`` ending with a full stop, unless it already ends with punctuation
    (“What is ALS?” not “What is ALS?.”)."""
    text = str(text).rstrip()
    return text if not text or text[-1] in ".?!…:;" else text + "."


@register.filter
def as_date(value):
    """A document's ISO date string as a date, for the one date format (|date)."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def lines(text):
    """The non-empty lines of a one-per-line text."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


@register.inclusion_tag("public/includes/page_meta.html", takes_context=True)
def page_meta(context, title, description, kind="website"):
    """What search engines and link previews read: description, canonical address (the
    path without its query), Open Graph and Twitter card tags with the site's image."""
    image = static("img/link-preview.png")
    # One line; a text the template already escaped (a {% blocktranslate asvar %}) stays as it is.
    one_line = " ".join(str(description).split())
    return {
        "title": title,
        "description": mark_safe(one_line) if isinstance(description, SafeData) else one_line,  # noqa: S308
        "kind": kind,
        "url": settings.SITE_URL + context["request"].path,
        "image": image if image.startswith(("http://", "https://")) else settings.SITE_URL + image,
        "site": settings.SITE_NAME,
    }
