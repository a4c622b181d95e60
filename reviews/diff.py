"""What changed between two article documents, as a clinician reads it.

Both documents are cut into the blocks a reader sees, as plain text (no Markdown
syntax): the article's fields, each section's paragraphs and list items, each group's
heading, lead-in and urgency, each entry with its gloss and note, each reference. Blocks
are paired per section and group; only blocks that differ are marked, with word-level
marks inside a changed block. The work is bounded: block lists are short, and a long
changed block is compared word by word only where it differs (common words at both ends
are set aside first), or shown as replaced when even that is too long.
"""

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

from articles.document import Document, Part

WORD_PAIRS_LIMIT = 250_000  # words x words compared inside one changed block, at most
TOKEN = re.compile(r"\S+")
URGENCY = {"normal": "", "soon": "See a doctor soon", "emergency": "Emergency"}

_md = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass
class Block:
    """One thing a reader sees: a paragraph, a list item, an entry, a reference..."""

    kind: str
    text: str
    anchor: str = ""  # where it is in the rendered page, for jumping to it


@dataclass
class Change:
    kind: str
    status: str  # "added", "removed", "changed", "moved"
    words: list[tuple[str, str]] = field(default_factory=list)  # (op, text), op in same/del/ins
    anchor: str = ""


@dataclass
class DiffPart:
    """A titled part of the document (the article's fields, a section, a group) and its changes."""

    title: str
    status: str = "changed"  # or "added", "removed"
    changes: list[Change] = field(default_factory=list)


def _plain_blocks(markdown_text: str, anchor: str) -> list[Block]:
    """A section body as the blocks a reader sees, inline Markdown reduced to its text."""
    blocks: list[Block] = []
    kind = "paragraph"
    for token in _md.parse(markdown_text or ""):
        if token.type in {"bullet_list_open", "ordered_list_open"}:
            kind = "list item"
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            kind = "paragraph"
        elif token.type == "heading_open":
            kind = "heading"
        elif token.type == "heading_close":
            kind = "paragraph"
        elif token.type == "inline":
            text = "".join(child.content for child in token.children or [] if child.type in {"text", "code_inline"})
            if text.strip():
                blocks.append(Block(kind, " ".join(text.split()), anchor))
        elif token.type in {"code_block", "fence"} and token.content.strip():
            blocks.append(Block("code", token.content.strip(), anchor))
    return blocks


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


def _article_blocks(doc: Document) -> list[Block]:
    blocks = [
        Block("title", doc["title"]),
        Block("question heading", doc["question"], "article-title"),
        Block("lead", doc["lead"], "article-title"),
        Block("also searched as", ", ".join(doc.get("lay_terms", [])) or "none"),
        Block("address", f"/symptoms/{doc['slug']}/"),
        Block("categories", ", ".join(c["name"] for c in doc["categories"]) or "none"),
        Block("companion overview", doc["overview"]["question"] if doc["overview"] else "none"),
        Block("related articles", ", ".join(a["question"] for a in doc["related"]) or "none"),
        Block("copyright holder", doc["copyright_holder"]),
    ]
    return blocks


CARE_LABELS = {"emergency": "emergency advice", "urgent": "urgent advice", "routine": "see-a-doctor advice"}


def _care_blocks(doc: Document) -> list[Block]:
    care = doc.get("care", {})
    return [
        Block(CARE_LABELS[tier], text, "when-to-get-help")
        for tier in ("emergency", "urgent", "routine")
        for text in care.get(tier, [])
    ]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in same/del/ins, word by word; whitespace is not a change."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    head, tail = a[:start], a[len(a) - end :]
    mid_a, mid_b = a[start : len(a) - end], b[start : len(b) - end]
    out: list[tuple[str, str]] = [("same", " ".join(head))] if head else []
    if len(mid_a) * len(mid_b) > WORD_PAIRS_LIMIT:
        out += [("del", " ".join(mid_a))] if mid_a else []
        out += [("ins", " ".join(mid_b))] if mid_b else []
    else:
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=mid_a, b=mid_b, autojunk=False).get_opcodes():
            if op == "equal":
                out.append(("same", " ".join(mid_a[i1:i2])))
                continue
            if i2 > i1:
                out.append(("del", " ".join(mid_a[i1:i2])))
            if j2 > j1:
                out.append(("ins", " ".join(mid_b[j1:j2])))
    if tail:
        out.append(("same", " ".join(tail)))
    return out


def _blocks_diff(old: list[Block], new: list[Block]) -> list[Change]:
    """Changes between two lists of blocks: pairs that differ get word marks; blocks
    that only moved are marked as moved, not as removed and added."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=[b.text for b in old], b=[b.text for b in new], autojunk=False)
    removed: list[Block] = []
    added: list[Block] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False)) if op == "replace" else []
        for before, after in pairs:
            changes.append(Change(after.kind, "changed", word_diff(before.text, after.text), after.anchor))
        removed += old[i1 + len(pairs) : i2]
        added += new[j1 + len(pairs) : j2]
    for block in added:
        twin = next((r for r in removed if r.text == block.text), None)
        if twin is not None:
            removed.remove(twin)
            changes.append(Change(block.kind, "moved", [("same", block.text)], block.anchor))
        else:
            changes.append(Change(block.kind, "added", [("ins", block.text)], block.anchor))
    changes += [Change(block.kind, "removed", [("del", block.text)], block.anchor) for block in removed]
    return changes


def _pair(old_items: list[Part], new_items: list[Part], key: Callable[[Part], Any]) -> Iterable[tuple[Any, Any]]:
    """Match items by key (the n-th old item with a key to the n-th new one with it, so
    repeated or empty headings still pair up), in the new order, then the removed ones."""
    old_by_key: dict[Any, list[Part]] = {}
    for item in old_items:
        old_by_key.setdefault(key(item), []).append(item)
    for item in new_items:
        waiting = old_by_key.get(key(item))
        yield (waiting.pop(0) if waiting else None), item
    for leftovers in old_by_key.values():
        for item in leftovers:
            yield item, None


def _group_blocks(group: Part, anchor: str) -> tuple[list[Block], list[Block]]:
    head = [
        b
        for b in (Block("group lead-in", group["lead_in"], anchor), Block("urgency", URGENCY[group["urgency"]], anchor))
        if b.text
    ]
    return head, [Block("entry", entry_text(e), anchor) for e in group["entries"]]


def _section_parts(old: Part | None, new: Part | None) -> list[DiffPart]:
    section = new or old
    assert section is not None
    anchor = section["anchor"]
    status = "added" if old is None else "removed" if new is None else "changed"
    parts = []
    body = _blocks_diff(
        _plain_blocks(old["body"], anchor) if old else [], _plain_blocks(new["body"], anchor) if new else []
    )
    if old and new and old["heading"] != new["heading"]:
        body.insert(0, Change("heading", "changed", word_diff(old["heading"], new["heading"]), anchor))
    if body or status != "changed":
        parts.append(DiffPart(f"Section “{section['heading']}”", status, body))
    groups = list(_pair(old["groups"] if old else [], new["groups"] if new else [], lambda g: g["heading"]))
    for index, (old_g, new_g) in enumerate(groups, start=1):
        group = new_g or old_g
        title = f"List “{group['heading']}”" if group["heading"] else f"Untitled list {index}"
        old_head, old_entries = _group_blocks(old_g, anchor) if old_g else ([], [])
        new_head, new_entries = _group_blocks(new_g, anchor) if new_g else ([], [])
        changes = _blocks_diff(old_head, new_head) + _blocks_diff(old_entries, new_entries)
        if changes:
            g_status = "added" if old_g is None else "removed" if new_g is None else "changed"
            parts.append(DiffPart(f"{title} in “{section['heading']}”", g_status, changes))
    return parts


@dataclass
class Comparison:
    parts: list[DiffPart]

    @property
    def empty(self) -> bool:
        return not self.parts

    @property
    def anchors(self) -> list[str]:
        """Where the changes are in the rendered page, in reading order, once each."""
        return list(dict.fromkeys(c.anchor for p in self.parts for c in p.changes if c.anchor))


def compare(old: Document, new: Document) -> Comparison:
    """Changes from document ``old`` (live) to ``new`` (submitted)."""
    parts: list[DiffPart] = []
    fields: list[Change] = []
    for before, after in zip(_article_blocks(old), _article_blocks(new), strict=True):
        if before.text != after.text:
            fields.append(Change(after.kind, "changed", word_diff(before.text, after.text), after.anchor))
    if fields:
        parts.append(DiffPart("Article", "changed", fields))
    care = _blocks_diff(_care_blocks(old), _care_blocks(new))
    if care:
        parts.append(DiffPart("When to get help", "changed", care))
    old_order = [s["heading"] for s in old["sections"]]
    new_order = [s["heading"] for s in new["sections"]]
    common_old = [h for h in old_order if h in new_order]
    common_new = [h for h in new_order if h in old_order]
    for old_s, new_s in _pair(old["sections"], new["sections"], lambda s: s["heading"]):
        parts += _section_parts(old_s, new_s)
    if common_old != common_new:
        parts.append(DiffPart("Sections", "changed", [Change("order", "moved", [("same", " → ".join(common_new))])]))
    references = _blocks_diff(
        [Block("reference", reference_text(r), "references") for r in old["references"]],
        [Block("reference", reference_text(r), "references") for r in new["references"]],
    )
    if references:
        parts.append(DiffPart("References", "changed", references))
    return Comparison(parts)
