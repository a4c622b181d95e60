"""Every value that differs between two documents, field by field.

The reader-shaped diff (articles/diff.py) compares what a page shows as blocks of text.
A reviewer signs the whole document, though, including what shows only in places that
diff does not read (a linked article's teaser, a reference's accessed date, a condition's
other names and codes, a likelihood, a slug). This walks both documents to every leaf and
lists each one that differs, named by where it is ("Section 1 “Causes” › list 1 “Common” ›
condition 2 “Dehydration” › other names"), so nothing signed can change unseen.

List items are paired by what they are (a record's id, a section's anchor, a list's or a
reference's place), so a moved or inserted item is one change, not a change to each after it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .page_blocks import body_blocks

# How a key reads in a path; keys not listed read as themselves.
KEY_LABELS = {
    "also_called": "other names",
    "lay_terms": "everyday words",
    "lead_in": "lead-in",
    "icd10": "ICD-10",
    "snomed_ct": "SNOMED CT",
    "mesh": "MeSH",
    "own_article": "its own article",
    "copyright_holder": "copyright holder",
    "pmid": "PMID",
    "doi": "DOI",
    "url": "address",
    "care": "when to get help",
    "signs": "warning signs",
    "condition": "sign of",
    "overview": "overview article",
    "related": "related articles",
}
# What an item of each list of parts is called (an entry by its kind).
ITEM_NOUNS = {
    "sections": "section",
    "groups": "list",
    "entries": "entry",
    "references": "reference",
    "related": "related article",
    "categories": "category",
    "signs": "warning sign",
}
ENTRY_NOUNS = {"condition": "condition", "article": "linked article", "text": "text entry"}
# The field that names an item of a list of parts, for its label.
NAMES = ("heading", "name", "title", "text")
MISSING = object()


def _name(item: Any) -> str:
    return next((str(item[key]) for key in NAMES if isinstance(item, dict) and item.get(key)), "")


def value_changes(old: Document, new: Document) -> list[tuple[str, Any, Any]]:
    """(where, old value, new value) for every leaf that differs; MISSING on the side
    that does not have it."""
    before, after = dict(_leaves(old, ())), dict(_leaves(new, ()))
    changes = []
    for key in [*after, *(key for key in before if key not in after)]:
        old_value, new_value = before.get(key, (None, MISSING))[1], after.get(key, (None, MISSING))[1]
        if old_value != new_value:
            label = (after.get(key) or before[key])[0]
            changes.append((label, old_value, new_value))
    return changes


def as_text(value: Any) -> str:
    """A leaf as a reviewer reads it."""
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def _leaves(value: Any, path: tuple[tuple[str, str], ...]) -> Iterator[tuple[tuple, tuple[str, Any]]]:
    """((identity path), (label, leaf value)) for every leaf below ``value``. Lists of
    plain values are one leaf (their order is part of the value)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, (key, KEY_LABELS.get(key, key.replace("_", " ")))))
    elif isinstance(value, list) and (any(isinstance(item, dict) for item in value) or _lists_parts(path)):
        *above, (key, label) = path
        steps = [_item(item, place, ITEM_NOUNS.get(key, "item")) for place, item in enumerate(value, start=1)]
        for item, (identity, item_label) in zip(value, steps, strict=True):
            yield from _leaves(item, (*above, (f"{key}/{identity}", item_label)))
        # The order is a value too: which records come in which place (not their names,
        # whose changes are listed on their own).
        order = Order(tuple(identity for identity, _ in steps), tuple(_name(item) for item in value))
        yield (*(step for step, _ in above), key, "order"), (_label((*above, (key, f"order of {label}"))), order)
    else:
        key = path[-1][0] if path else ""
        yield tuple(key for key, _ in path), (_label(path), _as_read(key, value))


def _lists_parts(path: tuple[tuple[str, str], ...]) -> bool:
    """Whether the list at ``path`` is one of parts (sections, entries...), even when empty."""
    return bool(path) and path[-1][0] in ITEM_NOUNS


def _label(path: tuple[tuple[str, str], ...]) -> str:
    label = " › ".join(label for _, label in path)
    return label[:1].upper() + label[1:]


@dataclass(frozen=True)
class Order:
    """The records of a list in their order: equal when the same records come in the same
    places, whatever their names; read as their names."""

    keys: tuple[str, ...]
    names: tuple[str, ...] = field(compare=False)

    def __str__(self) -> str:
        return "; ".join(self.names)


def _as_read(key: str, value: Any) -> Any:
    """A leaf as a reader gets it: a section's Markdown as its words (a change of emphasis
    or layout alone is reported by the reader-shaped diff), any text with its runs of
    whitespace as one space (they do not show)."""
    if key == "body" and isinstance(value, str):
        return " ".join(block.text for block in body_blocks(value, ""))
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [" ".join(item.split()) for item in value]
    return value


def _item(item: Any, place: int, noun: str) -> tuple[str, str]:
    """(identity, label) of one item of a list of parts."""
    if not isinstance(item, dict):
        return f"#{place}", f"{noun} {place}"
    kind, name = item.get("kind", ""), _name(item)
    label = f"{ENTRY_NOUNS.get(kind, noun)} {place}" + (f" “{name}”" if name else "")
    if "id" in item:
        return f"{kind}:{item['id']}", label
    if "anchor" in item:
        return f"section:{item['anchor']}", label
    return f"{kind}#{place}", label
