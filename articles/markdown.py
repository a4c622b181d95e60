"""Markdown for section bodies: CommonMark in, sanitised HTML out.

Editors write Markdown and may paste HTML; readers must never get a script, an event
handler or a javascript: link from it, so every render goes through nh3 (Ammonia).
"""

import re
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# A citation is "[n]" in a section body: n is the number of one of the article's
# references, as the page numbers them (1, 2, 3...). "[n](url)" and "[n][label]" stay
# links, and so does "[n]" when the body defines a link label "n".
CITATION = re.compile(r"\[([0-9]{1,3})\](?![(\[])")


def _citation(state: StateInline, silent: bool) -> bool:
    match = CITATION.match(state.src, state.pos, state.posMax)
    if not match or normalizeReference(match.group(1)) in state.env.get("references", {}):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {"number": int(match.group(1))}
    state.pos = match.end()
    return True


def _render_citation(self: Any, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    # Numbers with no reference stay as typed; author checks (articles/checks.py) point them out.
    number = tokens[idx].meta["number"]
    if 1 <= number <= env.get("citations", 0):
        return f'<sup><a href="#ref-{number}">[{number}]</a></sup>'
    return f"[{number}]"


_md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
_md.inline.ruler.before("link", "citation", _citation)
_md.add_render_rule("citation", _render_citation)


def parse(text: str) -> list[Token]:
    """The block tokens of ``text`` as bodies are parsed, citations included (for checks
    that read a body rather than render it)."""
    return _md.parse(text, {})


ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "small",
    "abbr",
    "blockquote",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}


def _demote_headings(html: str) -> str:
    # The article owns h1 (question) and h2 (section headings); body headings start at h3.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>", f"</h{level + 2}>")
    return html


@lru_cache(maxsize=2048)
def render_markdown(text: str, citations: int = 0) -> str:
    """Return sanitised HTML for ``text``; cached because the same bodies render on every view.

    ``citations`` is how many references the article has: "[n]" for n from 1 to that
    becomes a superscript link to the page's reference n (``id="ref-n"``)."""
    if not text:
        return ""
    html = _demote_headings(_md.render(text, {"citations": citations}))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
