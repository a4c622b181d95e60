"""An article document as the blocks a reader sees, and where each is on the page.

A block is a paragraph, list item, heading or code block of a section body (cut from
the sanitised HTML readers get, so neither Markdown nor pasted HTML shows), a link's
target, a care statement, a group's lead-in, an entry with its gloss as the page shows
it, a reference, or one of the article's fields; as plain text. Its anchor names where it
is on the rendered page, so a preview can mark it (``mark_body`` for section bodies).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from .document import Document, Part
from .markdown import render_markdown
from .models import LIKELIHOOD_ORDER

URGENCY = {"normal": "", "soon": "See a doctor soon", "emergency": "Emergency"}
CARE_LABELS = {"emergency": "emergency advice", "urgent": "urgent advice", "routine": "see-a-doctor advice"}
ARTICLE_FIELDS = ("question", "lead", "categories", "overview", "related", "copyright")  # shown on the page
MARK = '<span class="diff-mark">{}</span> '  # as the public templates write it for other blocks


@dataclass
class Block:
    """One thing a reader sees: a paragraph, a list item, an entry, a reference..."""

    kind: str
    text: str
    anchor: str = ""  # which block of the rendered page it is ("" when readers never see it)


# Anchors: which block of the rendered page a change is in. Section anchors are slugs, so
# "/" never occurs in them.
def article_anchor(name: str) -> str:
    """One of the ARTICLE_FIELDS."""
    return f"article/{name}"


def section_anchor(section: str) -> str:
    return f"section/{section}"


def body_anchor(section: str, index: int) -> str:
    """The ``index``-th block element of a section's body (see ``body_blocks``)."""
    return f"section/{section}/b{index}"


def group_anchor(section: str, group: int) -> str:
    return f"section/{section}/g{group}"


def group_lead_anchor(section: str, group: int) -> str:
    """A group's lead-in, which also says how urgent the group is."""
    return f"section/{section}/g{group}/lead"


def entry_anchor(section: str, group: int, entry: int) -> str:
    """Entry number ``entry`` of the group in the document's (editor's) order."""
    return f"section/{section}/g{group}/e{entry}"


def care_anchor(tier: str, index: int) -> str:
    return f"care/{tier}/{index}"


def reference_anchor(index: int) -> str:
    return f"references/{index}"


# --- Section bodies, cut as readers get them ------------------------------------------

BLOCK_KINDS = {
    "p": "paragraph",
    "li": "list item",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "pre": "code",
    "blockquote": "quote",
    "dt": "term",
    "dd": "definition",
    "th": "table cell",
    "td": "table cell",
    "caption": "caption",
}


@dataclass
class _Element:
    index: int  # its number among the body's block elements (-1: text outside any)
    kind: str
    start: int = 0  # where its start tag begins and ends in the HTML, to mark it
    tag_end: int = 0
    text: list[str] = field(default_factory=list)
    links: list[tuple[str, list[str]]] = field(default_factory=list)  # (href, link text)


class _BodyParser(HTMLParser):
    """Each block element's own text (not that of block elements inside it) and links,
    numbered in document order, with where its start tag is."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self.open: list[tuple[str, _Element]] = []
        self.loose: _Element | None = None
        self.link: list[str] | None = None
        self.count = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.feed(html)
        self.close()

    def _current(self) -> _Element:
        if self.open:
            return self.open[-1][1]
        if self.loose is None:  # pasted HTML whose block elements the sanitiser dropped
            self.loose = _Element(-1, "paragraph")
            self.elements.append(self.loose)
        return self.loose

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_KINDS:
            parent = self.open[-1][0] if self.open else ""
            kind = BLOCK_KINDS[parent] if tag == "p" and parent in {"li", "blockquote", "dd"} else BLOCK_KINDS[tag]
            line, column = self.getpos()
            start = self.line_starts[line - 1] + column
            element = _Element(self.count, kind, start, start + len(self.get_starttag_text() or ""))
            self.count += 1
            self.elements.append(element)
            self.open.append((tag, element))
            self.loose = None
        elif tag == "br":
            self._current().text.append(" ")
        elif tag == "a":
            self.link = []
            self._current().links.append((dict(attrs).get("href") or "", self.link))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.link = None
        elif tag in BLOCK_KINDS and any(name == tag for name, _ in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        self._current().text.append(data)
        if self.link is not None:
            self.link.append(data)


def _squash(parts: Iterable[str]) -> str:
    return " ".join("".join(parts).split())


def body_blocks(markdown_text: str, section: str) -> list[Block]:
    """A section body as the blocks a reader sees: one per paragraph, list item, heading,
    code block or table cell, as plain text; each link's target as a block of its own
    after its text's block, so a changed target is seen. Block ``n`` of the body is the
    ``n``-th block element of its HTML (``body_anchor``), with or without citations."""
    blocks: list[Block] = []
    for element in _BodyParser(render_markdown(markdown_text or "")).elements:
        anchor = body_anchor(section, element.index) if element.index >= 0 else section_anchor(section)
        if text := _squash(element.text):
            blocks.append(Block(element.kind, text, anchor))
        blocks += [
            Block(f"link “{_squash(label)}”", href, anchor)
            for href, label in element.links
            if href and not href.startswith("#")  # a citation's number is in the text
        ]
    return blocks


def mark_body(html: str, section: str, marks: Mapping[str, str]) -> str | None:
    """``html``, a section body as the page renders it (sanitised), with the blocks named
    in ``marks`` (anchor: label) marked as changed; None when none of them is."""
    chosen = [
        (element, marks[body_anchor(section, element.index)])
        for element in _BodyParser(html).elements
        if element.index >= 0 and body_anchor(section, element.index) in marks
    ]
    if not chosen:
        return None
    for element, label in reversed(chosen):  # from the end, so earlier offsets hold
        start_tag = html[element.start : element.tag_end]
        marked = start_tag[:-1].rstrip("/") + ' class="diff-changed">' + MARK.format(escape(label))
        html = html[: element.start] + marked + html[element.tag_end :]
    return html


# --- The other blocks -----------------------------------------------------------------


def entry_text(entry: Part) -> str:
    """An entry as the page shows it: the name, the gloss in brackets, the note, then how
    common the cause is."""
    if entry["kind"] == "text":
        return entry["text"]
    text = (
        entry["name"] + (f" ({entry['gloss']})" if entry["gloss"] else "")
        if entry["kind"] == "condition"
        else entry["title"]
    )
    text += f" — {entry['note']}" if entry.get("note") else ""
    return text + (f" · {entry['likelihood']}" if entry.get("likelihood") else "")


def reference_text(ref: Part) -> str:
    parts = [ref["title"], ref["publisher"], ref["url"]]
    parts += [f"DOI {ref['doi']}" if ref["doi"] else "", f"PubMed {ref['pmid']}" if ref["pmid"] else ""]
    return ". ".join(p for p in parts if p)


def article_blocks(doc: Document) -> list[Block]:
    return [
        Block("title", doc["title"]),
        Block("question heading", doc["question"], article_anchor("question")),
        Block("lead", doc["lead"], article_anchor("lead")),
        Block("also searched as", ", ".join(doc.get("lay_terms", [])) or "none"),
        Block("address", f"/symptoms/{doc['slug']}/"),
        Block("categories", ", ".join(c["name"] for c in doc["categories"]) or "none", article_anchor("categories")),
        Block(
            "companion overview", doc["overview"]["question"] if doc["overview"] else "none", article_anchor("overview")
        ),
        Block(
            "related articles", ", ".join(a["question"] for a in doc["related"]) or "none", article_anchor("related")
        ),
        Block("copyright holder", doc["copyright_holder"], article_anchor("copyright")),
    ]


def care_blocks(doc: Document) -> list[Block]:
    care = doc.get("care", {})
    return [
        Block(CARE_LABELS[tier], text, care_anchor(tier, index))
        for tier in ("emergency", "urgent", "routine")
        for index, text in enumerate(care.get(tier, []))
    ]


def group_blocks(group: Part, section: str, index: int) -> tuple[list[Block], list[Block]]:
    """A group's lead-in and urgency, and its entries in the order the page shows them
    (common causes first, as public_tags.by_likelihood sorts them)."""
    lead = group_lead_anchor(section, index)
    urgency = group["urgency"]
    urgency = URGENCY[urgency] if urgency in URGENCY else str(urgency)  # one written outside the admin: as it is
    head = [Block("group lead-in", group["lead_in"], lead), Block("urgency", urgency, lead)]
    numbered = sorted(enumerate(group["entries"]), key=lambda e: LIKELIHOOD_ORDER.get(e[1].get("likelihood", ""), 2))
    entries = [Block("entry", entry_text(e), entry_anchor(section, index, n)) for n, e in numbered]
    return [b for b in head if b.text], entries
