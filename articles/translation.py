"""A document in another language: its text *segments* and how a translation applies to them.

A translation never edits content records. It is a list of segments, one per piece of
text an English document shows (the title, each section's heading and body, each entry's
condition name and gloss, each "when to get help" statement…), each with the English it
was made from. Applying the translated texts to the signed English document gives the
translated document: the same shape, every other value (addresses, codes, links, dates)
unchanged, and three more keys: ``language``, ``translation_of`` (the SHA-256 of the English
document it translates) and ``source_care`` (``care_digest`` of that English), so that the
translated document's own hash covers them.

A segment's key is its place in the document ("sections/2/groups/0/entries/3/gloss"). When
the English changes, keys may move; a translation is carried over by its English text
instead (``carry_over``): a segment whose English did not change keeps its translation
wherever it moved to.
"""

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .document import Document, Part, document_hash


@dataclass(frozen=True)
class Segment:
    """One piece of English text a translation must give: where it is, what it says, and
    how an editor should read it."""

    key: str
    source: str
    label: str
    # Left empty, the English stays: a reference's title is cited as it was published.
    required: bool = True
    # A list in the document (other names, search words): one line each.
    lines: bool = False


def _text(key: str, value: Any, label: str, *, required: bool = True) -> Iterator[Segment]:
    if isinstance(value, list):
        if value:
            yield Segment(key, "\n".join(value), label, required, lines=True)
    elif value:
        yield Segment(key, str(value), label, required)


def segments(document: Document) -> list[Segment]:
    """Every piece of text ``document`` shows readers, in reading order."""
    found: list[Segment] = []
    for name, label in (("title", "Title"), ("question", "Question heading"), ("lead", "Lead")):
        found += _text(name, document.get(name), label)
    found += _text("lay_terms", document.get("lay_terms", []), "Also searched as (one per line)")
    for tier, statements in (document.get("care") or {}).items():
        for number, statement in enumerate(statements):
            found += _text(f"care/{tier}/{number}", statement, f"When to get help ({tier}) {number + 1}")
    for s, section in enumerate(document["sections"]):
        at = f"sections/{s}"
        found += _text(f"{at}/heading", section["heading"], f"Section {s + 1}: heading")
        found += _text(f"{at}/body", section["body"], f"Section {s + 1}: text")
        for g, group in enumerate(section["groups"]):
            within = f"{at}/groups/{g}"
            place = f"Section {s + 1}, list {g + 1}"
            found += _text(f"{within}/heading", group["heading"], f"{place}: heading")
            found += _text(f"{within}/lead_in", group["lead_in"], f"{place}: lead-in")
            for e, entry in enumerate(group["entries"]):
                found += _entry_segments(f"{within}/entries/{e}", entry, f"{place}, entry {e + 1}")
    for c, category in enumerate(document["categories"]):
        found += _text(f"categories/{c}/name", category["name"], f"Category {c + 1}")
    overview = document.get("overview")
    if overview:
        for name in ("question", "lead"):
            found += _text(f"overview/{name}", overview[name], f"Overview teaser: {name}")
    for r, related in enumerate(document["related"]):
        found += _text(f"related/{r}/question", related["question"], f"Related article {r + 1}")
    for r, reference in enumerate(document["references"]):
        found += _text(f"references/{r}/title", reference["title"], f"Reference {r + 1}: title", required=False)
    return found


def _entry_segments(at: str, entry: Part, place: str) -> Iterator[Segment]:
    if entry["kind"] == "text":
        yield from _text(f"{at}/text", entry["text"], f"{place}: text")
        return
    if entry["kind"] == "condition":
        yield from _text(f"{at}/name", entry["name"], f"{place}: condition name")
        yield from _text(f"{at}/gloss", entry["gloss"], f"{place}: what it is")
        yield from _text(f"{at}/also_called", entry.get("also_called", []), f"{place}: other names (one per line)")
        yield from _text(f"{at}/lay_terms", entry.get("lay_terms", []), f"{place}: everyday words (one per line)")
    else:
        yield from _text(f"{at}/title", entry["title"], f"{place}: linked article")
    yield from _text(f"{at}/note", entry.get("note", ""), f"{place}: note")


def _place(document: Document, key: str) -> tuple[Any, str]:
    """The container and the name (or index) of the value at ``key``."""
    *path, last = key.split("/")
    part: Any = document
    for step in path:
        part = part[int(step)] if isinstance(part, list) else part[step]
    return part, last


def value_at(document: Document, key: str) -> str:
    """The text at segment ``key`` of ``document``, as the segment has it ("" if none)."""
    try:
        container, name = _place(document, key)
        value = container[int(name)] if isinstance(container, list) else container[name]
    except (KeyError, IndexError, ValueError, TypeError):
        return ""
    return "\n".join(value) if isinstance(value, list) else str(value or "")


def translated(document: Document, texts: dict[str, str], *, language: str, source_hash: str) -> Document:
    """``document`` with each segment's text replaced by its translation in ``texts`` (keys
    of ``segments``; a missing or empty one keeps the English, which only optional segments
    may), and its language and source named. The statements' shared warning signs
    (``signs``) say what the care advice says, in the same language."""
    result = copy.deepcopy(document)
    wording: dict[str, str] = {}
    for segment in segments(document):
        text = texts.get(segment.key, "").strip()
        if not text:
            continue
        container, name = _place(result, segment.key)
        value: Any = [line.strip() for line in text.splitlines() if line.strip()] if segment.lines else text
        if isinstance(container, list):
            container[int(name)] = value
        else:
            container[name] = value
        if segment.key.startswith("care/"):
            wording[segment.source] = text
    for sign in result.get("signs", []):
        sign["text"] = wording.get(sign["text"], sign["text"])
    result["language"] = language
    result["translation_of"] = source_hash
    result["source_care"] = care_digest(document)
    return result


def missing(document: Document, texts: dict[str, str]) -> list[Segment]:
    """The required segments of ``document`` that ``texts`` leaves untranslated."""
    return [segment for segment in segments(document) if segment.required and not texts.get(segment.key, "").strip()]


def carry_over(
    document: Document, before: dict[str, tuple[str, str]], memory: dict[str, str] | None = None
) -> dict[str, str]:
    """The translations of ``document``'s segments that can be kept from ``before`` ({key:
    (English it was made from, translation)}): at the same key if the English there is
    unchanged, else wherever the same English was translated before, else from ``memory``
    ({English: translation} from other signed translations). Others start empty."""
    by_source = {source: text for source, text in before.values() if text}
    memory = memory or {}
    kept = {}
    for segment in segments(document):
        source, text = before.get(segment.key, ("", ""))
        if source == segment.source and text:
            kept[segment.key] = text
        elif segment.source in by_source:
            kept[segment.key] = by_source[segment.source]
        elif segment.source in memory:
            kept[segment.key] = memory[segment.source]
    return kept


def care_digest(document: Document) -> str:
    """The SHA-256 of what an English document advises about when to get help, tier by
    tier. A translated document carries its source's (``source_care``): when the English
    readers get no longer has it, the translation's advice is not the current advice."""
    care = {tier: list(statements) for tier, statements in (document.get("care") or {}).items() if statements}
    return document_hash(care)
