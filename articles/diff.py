"""What changed between two article documents, as a clinician reads it.

Both documents are cut into the blocks a reader sees, as plain text (articles/page_blocks.py:
no Markdown or HTML syntax, one block per paragraph, list item, entry, reference...).
Blocks are paired per section and group; only blocks that differ are marked, with
word-level marks inside a changed block, and a block that only moved is marked as moved.
Words and punctuation are compared apart, so "exercise." becoming "exercise, daily."
marks ", daily" and never "exercise".

Every change carries the anchor of its block in the new document (or, for a removed
block, of the part it was removed from), so the rendered revision can mark exactly those
blocks (``Comparison.marks``). The work is bounded: block lists are short, and a long
changed block is compared word by word only where it differs (common words at both ends
are set aside first), or shown as replaced when even that is too long.
"""

import difflib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .document import Document, Part
from .markdown import render_markdown
from .page_blocks import (
    Block,
    article_blocks,
    body_blocks,
    care_blocks,
    entry_text,
    group_anchor,
    group_blocks,
    reference_anchor,
    reference_text,
    section_anchor,
)
from .value_diff import MISSING, as_text, value_changes

WORD_PAIRS_LIMIT = 250_000  # words x words compared inside one changed block, at most
PAIRING_LIMIT = 2_500  # old x new blocks weighed against each other in one changed stretch
SIMILAR = 0.4  # share of words two blocks must have in common to count as one block changed
# A word (with inner apostrophes or hyphens, or a number with its decimal point), or one
# other visible character; with the spaces before it.
TOKEN = re.compile(r"(\s*)(\d+(?:[.,]\d+)+|\w+(?:['’\-]\w+)*|\S)")
LABELS = {"changed": "Changed", "added": "Added", "moved": "Moved", "removed": "Something was removed here"}
CONTEXT_WORDS = 8  # unchanged words kept either side of a change in the list of every value

Words = list[tuple[str, str]]  # (op, text), op in same/del/ins; text keeps the space before it


@dataclass
class Change:
    kind: str
    status: str  # "added", "removed", "changed", "moved"
    words: Words = field(default_factory=list)
    anchor: str = ""  # the block in the new document, or for a removal the part it left

    @property
    def segments(self) -> list[tuple[str, bool, str]]:
        """(op, space before, text) for the template: the space stays outside <del>/<ins>,
        and a deletion and its replacement never run together."""
        out: list[tuple[str, bool, str]] = []
        for op, text in self.words:
            space = text.startswith(" ")
            if op == "ins" and out and out[-1][0] == "del":  # in the place of the deleted words
                space = space or out[-1][1] or len(out) == 1
            out.append((op, space, text.lstrip(" ")))
        return out


@dataclass
class DiffPart:
    """A titled part of the document (the article's fields, a section, a group) and its changes."""

    title: str
    status: str = "changed"  # or "added", "removed"
    changes: list[Change] = field(default_factory=list)


# --- Comparing ------------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[str, str]]:
    """(space before, word or punctuation mark): spaces are kept to rebuild the text,
    never compared."""
    return [(" " if m.group(1) and i else "", m.group(2)) for i, m in enumerate(TOKEN.finditer(text))]


def word_diff(old: str, new: str) -> Words:
    """[(op, text)] with op in same/del/ins, word by word; whitespace is not a change, and
    punctuation is compared apart from the word it follows. Each text keeps the space
    before it (" today"), so the sentence reads as it did."""
    a, b = _tokens(old), _tokens(new)
    wa, wb = [w for _, w in a], [w for _, w in b]
    start = 0
    while start < min(len(a), len(b)) and wa[start] == wb[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and wa[-1 - end] == wb[-1 - end]:
        end += 1
    runs: list[tuple[str, list[tuple[str, str]]]] = [("same", _same(a[:start], b[:start]))]
    mid_a, mid_b = a[start : len(a) - end], b[start : len(b) - end]
    if len(mid_a) * len(mid_b) > WORD_PAIRS_LIMIT:
        runs += [("del", mid_a), ("ins", mid_b)]
    else:
        matcher = difflib.SequenceMatcher(a=wa[start : len(a) - end], b=wb[start : len(b) - end], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                runs.append(("same", _same(mid_a[i1:i2], mid_b[j1:j2])))
            else:
                runs += [("del", mid_a[i1:i2]), ("ins", mid_b[j1:j2])]
    runs.append(("same", _same(a[len(a) - end :], b[len(b) - end :])))
    out: Words = []
    for mark, tokens in runs:
        if not tokens:
            continue
        text = "".join(space + word for space, word in tokens)
        if out and out[-1][0] == mark:
            out[-1] = (mark, out[-1][1] + text)
        else:
            out.append((mark, text))
    return out


def _same(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Unchanged words, spaced where either text spaced them (so "(a trapped nerve)" to
    "(nerve pain)" keeps the space between the deleted words and "nerve")."""
    return [(before or after, word) for (before, _), (after, word) in zip(old, new, strict=True)]


def _words(text: str) -> list[str]:
    return [w for _, w in _tokens(text)]


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=_words(a), b=_words(b), autojunk=False).quick_ratio()


def _blocks_diff(old: list[Block], new: list[Block], container: str = "") -> list[Change]:
    """Changes between two lists of blocks, in the new reading order. A block that
    reappears elsewhere is moved (not removed and added); in each changed stretch, a new
    block is the change of the old one most like it; a block like one removed elsewhere
    moved and changed; the rest are added or removed (removals point at ``container``)."""
    matcher = difflib.SequenceMatcher(a=[b.text for b in old], b=[b.text for b in new], autojunk=False)
    stretches = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    gone: dict[str, list[int]] = {}
    for i1, i2, _, _ in stretches:
        for i in range(i1, i2):
            gone.setdefault(old[i].text, []).append(i)
    source: dict[int, tuple[str, int]] = {}  # new block: (status, the old block it was)
    for _, _, j1, j2 in stretches:
        for j in range(j1, j2):
            if gone.get(new[j].text):
                source[j] = ("moved", gone[new[j].text].pop(0))
    for i1, i2, j1, j2 in stretches:
        _match(old, new, range(i1, i2), range(j1, j2), source, "changed")
    olds = [i for i1, i2, _, _ in stretches for i in range(i1, i2)]
    _match(old, new, olds, [j for _, _, j1, j2 in stretches for j in range(j1, j2)], source, "moved")
    used = {i for _, i in source.values()}
    changes: list[Change] = []
    for i1, i2, j1, j2 in stretches:
        for j in range(j1, j2):
            after = new[j]
            if j not in source:
                changes.append(Change(after.kind, "added", [("ins", after.text)], after.anchor))
                continue
            status, i = source[j]
            words = word_diff(old[i].text, after.text) if old[i].text != after.text else [("same", after.text)]
            changes.append(Change(after.kind, status, words, after.anchor))
        removed = [old[i] for i in range(i1, i2) if i not in used]
        changes += [Change(b.kind, "removed", [("del", b.text)], container) for b in removed]
    return changes


def _match(
    old: list[Block], new: list[Block], olds: Iterable[int], news: Iterable[int], source: dict[int, Any], status: str
) -> None:
    """Pair each new block not yet placed with the unplaced old block most like it (the
    next one, when one replaces one in place, or when there are too many to weigh)."""
    taken = {i for _, i in source.values()}
    left = [i for i in olds if i not in taken]
    fresh = [j for j in news if j not in source]
    in_order = (status == "changed" and len(left) == len(fresh) == 1) or len(left) * len(fresh) > PAIRING_LIMIT
    for j in fresh:
        if not left:
            return
        if in_order:
            source[j] = (status, left.pop(0))
            continue
        score, best = max((_likeness(old[i].text, new[j].text), -n) for n, i in enumerate(left))
        if score >= SIMILAR:
            source[j] = (status, left.pop(-best))


def _pair(
    old_items: list[Part], new_items: list[Part], key: Callable[[Part], Any], content: Callable[[Part], list[str]]
) -> Iterable[tuple[Part | None, Part | None]]:
    """Match items by key (the n-th old item with a key to the n-th new one with it, so
    repeated or empty headings still pair up); then a renamed item to the unmatched old
    one most like it in content; in the new order, then the removed ones."""
    old_by_key: dict[Any, list[Part]] = {}
    for item in old_items:
        old_by_key.setdefault(key(item), []).append(item)
    matched: list[tuple[Part | None, Part]] = []
    for item in new_items:
        waiting = old_by_key.get(key(item))
        matched.append(((waiting.pop(0) if waiting else None), item))
    leftovers = [item for items in old_by_key.values() for item in items]
    for n, (before, after) in enumerate(matched):
        if before is None and leftovers:
            ratios = [difflib.SequenceMatcher(a=content(o), b=content(after)).ratio() for o in leftovers]
            best = max(range(len(leftovers)), key=ratios.__getitem__)
            if ratios[best] >= SIMILAR:
                matched[n] = (leftovers.pop(best), after)
    yield from matched
    for item in leftovers:
        yield item, None


def _status(old: object, new: object) -> str:
    return "added" if old is None else "removed" if new is None else "changed"


def _group_content(group: Part) -> list[str]:
    return [entry_text(e) for e in group["entries"]]


def _section_content(section: Part) -> list[str]:
    return [b.text for b in body_blocks(section["body"], "")] + [
        t for g in section["groups"] for t in _group_content(g)
    ]


def _section_parts(old: Part | None, new: Part | None) -> list[DiffPart]:
    section = new or old
    assert section is not None
    anchor = new["anchor"] if new else ""
    heading_anchor = section_anchor(anchor) if new else ""
    status = _status(old, new)
    body = _blocks_diff(
        body_blocks(old["body"], anchor) if old else [],
        body_blocks(new["body"], anchor) if new else [],
        heading_anchor,
    )
    if old and new and not body and old["body"] != new["body"]:
        html_old, html_new = render_markdown(old["body"]), render_markdown(new["body"])
        if html_old.split() != html_new.split():
            note = "The words are the same; emphasis or layout changed."
            body.append(Change("formatting", "changed", [("same", note)], heading_anchor))
    if old and new and old["heading"] != new["heading"]:
        body.insert(0, Change("heading", "changed", word_diff(old["heading"], new["heading"]), heading_anchor))
    parts = [DiffPart(f"Section “{section['heading']}”", status, body)] if body or status != "changed" else []
    new_groups = {id(g): n for n, g in enumerate(new["groups"])} if new else {}
    pairs = _pair(old["groups"] if old else [], new["groups"] if new else [], lambda g: g["heading"], _group_content)
    for number, (old_g, new_g) in enumerate(pairs, start=1):
        group = new_g or old_g
        assert group is not None
        title = f"List “{group['heading']}”" if group["heading"] else f"Untitled list {number}"
        index = new_groups.get(id(new_g), -1)
        container = group_anchor(anchor, index) if new_g else heading_anchor
        old_head, old_entries = group_blocks(old_g, anchor, index) if old_g else ([], [])
        new_head, new_entries = group_blocks(new_g, anchor, index) if new_g else ([], [])
        changes = _blocks_diff(old_head, new_head, container) + _blocks_diff(old_entries, new_entries, container)
        if old_g and new_g and old_g["heading"] != new_g["heading"]:
            changes.insert(
                0, Change("list heading", "changed", word_diff(old_g["heading"], new_g["heading"]), container)
            )
        if changes:
            parts.append(DiffPart(f"{title} in “{section['heading']}”", _status(old_g, new_g), changes))
    return parts


@dataclass
class Comparison:
    parts: list[DiffPart]  # as a reader sees the page
    values: list[Change] = field(default_factory=list)  # every value of the document that differs

    @property
    def empty(self) -> bool:
        return not self.parts and not self.values

    @property
    def changes(self) -> list[Change]:
        return [c for p in self.parts for c in p.changes]

    @property
    def marks(self) -> dict[str, str]:
        """{anchor: label} of the blocks of the new document to mark, in diff order: what
        changed, was added or moved there, or that something was removed from it."""
        marks: dict[str, str] = {}
        for change in self.changes:
            if change.anchor and marks.get(change.anchor, LABELS["removed"]) == LABELS["removed"]:
                marks[change.anchor] = LABELS[change.status]
        return marks

    @property
    def anchors(self) -> list[str]:
        """Where the changes are in the rendered page, once each."""
        return list(self.marks)


def compare(old: Document, new: Document) -> Comparison:
    """Changes from document ``old`` (live) to ``new`` (submitted)."""
    parts: list[DiffPart] = []
    fields = [
        Change(after.kind, "changed", word_diff(before.text, after.text), after.anchor)
        for before, after in zip(article_blocks(old), article_blocks(new), strict=True)
        if before.text != after.text
    ]
    if fields:
        parts.append(DiffPart("Article", "changed", fields))
    care = _blocks_diff(care_blocks(old), care_blocks(new), "care")
    if care:
        parts.append(DiffPart("When to get help", "changed", care))
    old_order = [s["heading"] for s in old["sections"]]
    new_order = [s["heading"] for s in new["sections"]]
    for old_s, new_s in _pair(old["sections"], new["sections"], lambda s: s["heading"], _section_content):
        parts += _section_parts(old_s, new_s)
    common_old = [h for h in old_order if h in new_order]
    common_new = [h for h in new_order if h in old_order]
    if common_old != common_new:
        parts.append(DiffPart("Sections", "changed", [Change("order", "moved", [("same", " → ".join(common_new))])]))
    references = _blocks_diff(
        [Block("reference", reference_text(r), reference_anchor(n)) for n, r in enumerate(old["references"])],
        [Block("reference", reference_text(r), reference_anchor(n)) for n, r in enumerate(new["references"])],
        "references",
    )
    if references:
        parts.append(DiffPart("References", "changed", references))
    return Comparison(parts, [_value_change(*change) for change in value_changes(old, new)])


def _value_change(where: str, old: Any, new: Any) -> Change:
    """One leaf of the document that differs (articles/value_diff.py), as a change."""
    if old is MISSING:
        return Change(where, "added", [("ins", as_text(new))])
    if new is MISSING:
        return Change(where, "removed", [("del", as_text(old))])
    before, after = as_text(old), as_text(new)
    if before == after:  # e.g. no value and an empty one: show them as stored
        before, after = (json.dumps(value, ensure_ascii=False, default=repr) for value in (old, new))
    return Change(where, "changed", _trimmed(word_diff(before, after)))


def _trimmed(words: Words) -> Words:
    """A word diff with each long unchanged stretch cut to CONTEXT_WORDS words next to a change."""
    out: Words = []
    for n, (op, run) in enumerate(words):
        tokens = _tokens(run)
        if op != "same" or len(tokens) <= 2 * CONTEXT_WORDS:
            out.append((op, run))
            continue
        lead = " " if run[:1].isspace() else ""
        head = lead + "".join(space + word for space, word in tokens[:CONTEXT_WORDS]) if n else ""
        tail = "".join(space + word for space, word in tokens[-CONTEXT_WORDS:]) if n < len(words) - 1 else ""
        out.append(("same", f"{head} …{tail}"))
    return out
