"""The Spanish catalogue (locale/es): complete, compiled, known to every message the code
asks for, and what the public pages say with Spanish active. `make messages` updates it."""

import ast
import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, engines
from django.template.loader import render_to_string
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import translation

from articles.models import Urgency
from public.views import pages, search
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    EntryFactory,
    EntryGroupFactory,
    SectionFactory,
    editor_user,
    full_article,
    give_sign,
    publish,
)
from tests.translating import live_spanish, spanish_reviewer

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The templates readers get: the public site's and the error pages.
PUBLIC_TEMPLATES = sorted(
    [BASE / "templates" / name for name in ("base.html", "400.html", "403.html", "404.html", "500.html")]
    + list((BASE / "templates" / "public").rglob("*.html"))
)
# Where the code asks for translations.
PYTHON_PACKAGES = ("public", "symptomsite", "articles", "reviews", "api", "demo")
GETTEXT_CALLS = {
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "_",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
}


# A .po file, read simply: entries of msgctxt, msgid, msgid_plural, msgstr (by index) and flags.

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda match: _ESCAPES[match.group(1)], text[1:-1])


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file, the header (msgid "") first; obsolete ones (#~) left out."""
    entries: list[dict] = []
    entry: dict | None = None
    field: str | tuple[str, int] | None = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#~"):
            continue
        if not line.strip():  # a blank line ends an entry
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0)
                entry["msgstr"][field[1]] = _unquote(value)
            else:
                field = keyword
                entry[keyword] = _unquote(value)
    return entries


@pytest.fixture(scope="module")
def po():
    return read_po(PO)


def messages(po):
    return [entry for entry in po if entry["msgid"]]


def plural_count(po) -> int:
    header = next(entry for entry in po if not entry["msgid"])["msgstr"][0]
    return int(re.search(r"nplurals\s*=\s*(\d+)", header).group(1))


def key(entry) -> tuple[str | None, str]:
    return entry.get("msgctxt"), entry["msgid"]


def test_every_message_is_translated_and_none_is_fuzzy(po):
    assert len(messages(po)) > 150
    forms = plural_count(po)
    untranslated = [
        key(entry)
        for entry in messages(po)
        if any(not entry["msgstr"].get(n) for n in (range(forms) if "msgid_plural" in entry else [0]))
    ]
    assert untranslated == []
    assert [key(entry) for entry in po if "fuzzy" in entry["flags"]] == []
    assert len({key(entry) for entry in po}) == len(po)  # no message twice


PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"<[^>]*>")


def test_translations_keep_placeholders_and_markup_and_add_no_html(po):
    """The same %(name)s placeholders and the same tags (a link keeps its address), and
    no quote, <, > or & of their own: some messages are attribute values (aria-label,
    title, placeholder) put on the page as they are."""
    for entry in messages(po):
        for form, translated in entry["msgstr"].items():
            source = entry["msgid_plural"] if form else entry["msgid"]
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), translated
            assert sorted(TAG.findall(translated)) == sorted(TAG.findall(source)), translated
            text = TAG.sub("", translated)
            for character in '"<>&':
                assert character not in text or character in TAG.sub("", source), (character, translated)


def test_the_compiled_catalogue_says_what_the_po_says(po):
    with MO.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert catalogue.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    for entry in messages(po):
        context, msgid = key(entry)
        if "msgid_plural" in entry:
            plural = entry["msgid_plural"]
            for n, form in ((1, 0), (2, 1)):
                found = (
                    catalogue.npgettext(context, msgid, plural, n) if context else catalogue.ngettext(msgid, plural, n)
                )
                assert found == entry["msgstr"][form], (msgid, n)
        else:
            found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            assert found == entry["msgstr"][0], msgid
    assert len(catalogue._catalog) == len(po) + sum(1 for entry in po if "msgid_plural" in entry)


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    """The (context, msgid) of every {% translate %} and {% blocktranslate %} in the
    template, as Django asks for them when it renders (plural forms by their singular)."""
    template = engines["django"].engine.from_string(path.read_text(encoding="utf-8"))
    found = set()
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        found.add((_context(node), node.filter_expression.var.literal))
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        found.add((_context(node), node.render_token_list(node.singular)[0]))
    return found


def _context(node) -> str | None:
    """A tag's ``context "..."``: a quoted constant, which the template keeps resolved."""
    return str(node.message_context.var) if node.message_context else None


def python_messages(path: Path) -> set[tuple[str | None, str]]:
    found = set()
    for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        strings = [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if name in GETTEXT_CALLS and strings:
            found.add((strings[0], strings[1]) if name.startswith("p") else (None, strings[0]))
    return found


def test_the_catalogue_has_every_message_the_code_asks_for(po):
    """Else `make messages` was not run after a change: the page would stay in English."""
    known = {key(entry) for entry in messages(po)}
    asked = set().union(*(template_messages(path) for path in PUBLIC_TEMPLATES))
    for package in PYTHON_PACKAGES:
        for path in (BASE / package).rglob("*.py"):
            if "migrations" not in path.parts:
                asked |= python_messages(path)
    assert len(asked) > 150
    assert sorted(asked - known, key=str) == []


# What readers see, with Spanish active.

DOC = {
    "care": {
        "emergency": ["your face droops"],
        "urgent": ["you keep throwing up"],
        "routine": ["it keeps coming back"],
    },
    "marks": {},
}


def test_when_to_get_help_in_spanish():
    context = {"doc": DOC, "EMERGENCY_NUMBER": "911", "URGENT_ADVICE": "su médico"}
    with translation.override("es"):
        html = render_to_string("public/includes/care.html", context)
    assert "Cuándo pedir ayuda" in html
    assert "Emergencia: llame al 911 ahora si</h3>" in html
    assert "Si no puede llamar, vaya enseguida a la sala de emergencias más cercana." in html
    assert "Urgente: pida consejo médico hoy si</h3>" in html and "Comuníquese con su médico." in html
    assert "Vea a un médico (pida una cita) si</h3>" in html
    assert "Emergency" not in html and "When to get help" not in html and "Urgent:" not in html
    with translation.override("en-us"):
        english = render_to_string("public/includes/care.html", context)
    assert "Emergency: call 911 now if</h3>" in english and "Emergencia" not in english


def test_likelihoods_are_translated_and_keep_their_class():
    entry = {"likelihood": "less common"}
    with translation.override("es"):
        html = render_to_string("public/includes/likelihood.html", {"entry": entry})
    assert html == ' <span class="likelihood likelihood--less-common">menos común</span>'
    with translation.override("en-us"):
        assert render_to_string("public/includes/likelihood.html", {"entry": entry}).endswith(">less common</span>")


def test_dates_in_spanish():
    template = Template("{{ day|date }}")
    day = datetime.date(2026, 12, 7)
    with translation.override("es"):
        assert template.render(Context({"day": day})) == "7 de diciembre de 2026"
    with translation.override("en-us"):
        assert template.render(Context({"day": day})) == "December 7, 2026"


@pytest.mark.django_db
def test_a_spanish_article_page_says_everything_around_the_article_in_spanish(client):
    article = full_article(slug="dizziness", question="What causes dizziness?", live=False)
    give_sign(article, 1, "emergency", "your face droops on one side")
    give_sign(article, 2, "urgent", "you keep throwing up")
    publish(article)
    live_spanish(article, translator=editor_user("translator"), reviewer=spanish_reviewer())

    page = client.get("/es/symptoms/dizziness/").content.decode()

    assert '<html lang="es">' in page
    assert "Saltar al contenido principal" in page and "Síntomas de la A a la Z" in page
    assert "Cuándo pedir ayuda" in page and "Referencias" in page and ">Inicio<" in page
    assert "Emergencia: llame al 911 ahora si" in page and "ES your face droops on one side" in page
    # The default urgent-advice wording is the catalogue's.
    assert "Comuníquese con el consultorio de su médico, un centro de atención de urgencia" in page
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\d\">\d{1,2} de [a-z]+ de \d{4}</time>", page)
    for english in ("Skip to main content", "When to get help", "Emergency: call", "Contact your doctor"):
        assert english not in page
    english = client.get("/symptoms/dizziness/").content.decode()
    assert '<html lang="en-US">' in english and "Emergency: call 911 now if" in english
    assert "Medically reviewed by" in english and "Emergencia" not in english


@pytest.mark.django_db
def test_listing_pages_and_forms_in_spanish(rf):
    """Pages not yet offered under /es/ (they redirect to English) have their words ready."""
    gbs = ConditionFactory(name="Guillain-Barre syndrome", slug="gbs")
    article = ArticleFactory(question="What causes muscle atrophy?")
    article.categories.add(CategoryFactory(name="Nerves", slug="nerves"))
    group = EntryGroupFactory(section=SectionFactory(article=article, order=1), urgency=Urgency.EMERGENCY)
    EntryFactory(group=group, condition=gbs, likelihood="rare")
    publish(article)

    with translation.override("es"):
        category = pages.category(rf.get("/categories/nerves/"), "nerves").content.decode()
        condition = pages.condition(rf.get("/conditions/gbs/"), "gbs").content.decode()
        problem = search.search_view(rf.get("/search/", {"q": "!!!"})).content.decode()
        home = render_to_string("public/home.html", {"categories": [("n", "Nerves", 1)]}, request=rf.get("/"))

    assert '"name": "Inicio"' in category  # the breadcrumbs' structured data too
    assert "Artículos sobre síntomas de la categoría Nerves" in category
    assert "Guillain-Barre syndrome puede ser una emergencia" in condition
    assert "(poco frecuente)" in condition and "emergencia</strong>" in condition
    assert "Su búsqueda no tiene letras ni números" in problem
    assert "Información de salud en la que puede confiar" in home and "1 artículo<" in home


# Text in the public templates that is not in a {% translate %} or {% blocktranslate %}.

# Names that stay as they are in every language.
NAMES = {"DOI", "PubMed", "SNOMED", "MeSH"}
ATTRIBUTE = re.compile(r"""\b(?:aria-label|title|placeholder|alt)="([^"]*)\"""")


def untranslated_words(source: str) -> list[str]:
    text = re.sub(r"(?s)\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", source)
    text = re.sub(r"(?s)\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}", "", text)
    text = re.sub(r"\{%\s*translate\b.*?%\}", "", text)
    # A quoted text with a space in a tag or variable ({% with label="Pages of" %},
    # |default:"Some words") is a message too.
    literals = [
        double or single
        for tag in re.findall(r"(?s)\{%.*?%\}|\{\{.*?\}\}", text)
        for double, single in re.findall(r"\"([^\"]*)\"|'([^']*)'", tag)
        if " " in double + single and re.search(r"[A-Za-z]{3,}", double + single)
    ]
    text = re.sub(r"(?s)\{%.*?%\}|\{\{.*?\}\}", "", text)
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", text)
    attributes = ATTRIBUTE.findall(text)
    text = re.sub(r"(?s)<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    words = re.findall(r"[A-Za-z]{3,}", " ".join([text, *attributes]))
    return literals + [word for word in words if word not in NAMES]


def test_the_finder_of_untranslated_text_finds_it():
    source = '<p title="Go away">Hello {{ name }}</p>{% with x="Pages of" %}{% translate "Fine" %}{% endwith %}'
    assert untranslated_words(source) == ["Pages of", "Hello", "away"]
    assert untranslated_words('<a href="{% url "x" %}?q={{ q|urlencode }}&amp;page=1">{{ name }}</a> · DOI:') == []


@pytest.mark.parametrize("path", PUBLIC_TEMPLATES, ids=lambda path: str(path.relative_to(BASE / "templates")))
def test_public_templates_translate_all_their_text(path):
    assert untranslated_words(path.read_text(encoding="utf-8")) == []
