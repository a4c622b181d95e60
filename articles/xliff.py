"""A translation as XLIFF 2.0, for translation agencies: one file per article and
language, one unit per segment (articles/translation.py), and the SHA-256 of the English it
was made from, so that a file translated from an older English is refused on import.

Exported and imported by the translation's admin page (articles/admin/translations.py).
The round trip is lossless: a target comes back exactly as it was sent, line endings
included. The file is written here (not by an XML library) so that a carriage return in a
text survives as ``&#13;``; it is read with the standard library's parser once anything
that could expand or fetch (a DOCTYPE, an entity) has been refused.
"""

from dataclasses import dataclass
from xml.etree import ElementTree

from django.db import transaction

from .history import acting_as
from .models import Translation

NS = "urn:oasis:names:tc:xliff:document:2.0"
SOURCE_HASH = "symptomsite:source-sha256"
MAX_BYTES = 2 * 1024 * 1024  # an article's text is well under this; a bigger file is not one of ours
SOURCE_LANGUAGE = "en-US"


class XliffError(ValueError):
    """The file cannot be imported into this translation; the message says why, for the editor."""


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def export(translation: Translation) -> bytes:
    """The translation as an XLIFF 2.0 document: a unit per segment, with what it is for
    ("location" note), its English and the translation so far."""
    article = translation.article
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{NS}" version="2.0" srcLang="{SOURCE_LANGUAGE}" trgLang="{_attribute(translation.language)}">',
        f'  <file id="article-{article.pk}" original="{_attribute(article.slug)}">',
        "    <notes>",
        f'      <note id="source" category="{SOURCE_HASH}">{_text(translation.source_hash)}</note>',
        f'      <note id="title" category="symptomsite:title">{_text(article.title)}</note>',
        "    </notes>",
    ]
    for number, segment in enumerate(translation.segments.order_by("position"), start=1):
        state = "translated" if segment.text else "initial"
        optional = "" if segment.required else " (optional: leave empty to keep the English)"
        lines += [
            f'    <unit id="u{number}" name="{_attribute(segment.key)}">',
            f'      <notes><note category="location">{_text(segment.label + optional)}</note></notes>',
            f'      <segment state="{state}">',
            f'        <source xml:space="preserve">{_text(segment.source)}</source>',
        ]
        if segment.text:
            lines.append(f'        <target xml:space="preserve">{_text(segment.text)}</target>')
        lines += ["      </segment>", "    </unit>"]
    lines += ["  </file>", "</xliff>", ""]
    return "\n".join(lines).encode()


@dataclass(frozen=True)
class Unit:
    key: str
    source: str
    target: str


@dataclass(frozen=True)
class Parsed:
    source_hash: str
    language: str
    units: list[Unit]


def parse(data: bytes) -> Parsed:
    """The units of an XLIFF 2.0 file, or XliffError saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise XliffError(f"The file is larger than {MAX_BYTES // 1024 // 1024} MB: it is not an article's translation.")
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise XliffError("The file declares a DOCTYPE or entities, which an XLIFF 2.0 file never needs.")
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - DOCTYPEs and entities refused above
    except ElementTree.ParseError as error:
        raise XliffError(f"The file is not well-formed XML ({error}).") from None
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "2.0":
        raise XliffError("The file is not XLIFF 2.0.")
    files = root.findall(f"{{{NS}}}file")
    if len(files) != 1:
        raise XliffError("The file must hold exactly one <file>: one article.")
    notes = {note.get("category"): note.text or "" for note in files[0].iterfind(f"{{{NS}}}notes/{{{NS}}}note")}
    units = []
    for unit in files[0].iter(f"{{{NS}}}unit"):
        segments = unit.findall(f"{{{NS}}}segment")
        if len(segments) != 1 or segments[0].find(f"{{{NS}}}source") is None:
            raise XliffError(f"Unit {unit.get('id')} must have exactly one segment with a source.")
        target = segments[0].find(f"{{{NS}}}target")
        units.append(
            Unit(
                key=unit.get("name") or "",
                source=_inner(segments[0].find(f"{{{NS}}}source")),
                target=_inner(target) if target is not None else "",
            )
        )
    return Parsed(source_hash=notes.get(SOURCE_HASH, ""), language=root.get("trgLang") or "", units=units)


def _inner(element: ElementTree.Element | None) -> str:
    if element is None:
        return ""
    if len(element):
        raise XliffError("A source or target holds inline markup; send plain text (Markdown stays as it is).")
    return element.text or ""


@transaction.atomic
def import_into(translation: Translation, data: bytes, *, by) -> int:
    """Write the targets of the XLIFF ``data`` into ``translation``'s segments, as ``by``;
    all or nothing. Refused when it was made from other English than the translation's
    segments (an older export), is in another language, or names a unit the translation
    does not have or gives it other English. Returns how many texts changed."""
    parsed = parse(data)
    if parsed.language.split("-")[0] != translation.language.split("-")[0]:
        raise XliffError(f"The file is a translation into “{parsed.language}”, not “{translation.language}”.")
    if parsed.source_hash != translation.source_hash:
        raise XliffError(
            "The file was made from other English than this translation now translates (an older export, or "
            "one made before the translation was brought up to date). Export it again and translate that file."
        )
    segments = {segment.key: segment for segment in translation.segments.select_for_update()}
    seen: set[str] = set()
    for unit in parsed.units:
        segment = segments.get(unit.key)
        if segment is None or unit.key in seen:
            raise XliffError(f"The file has a unit “{unit.key}” this translation does not have (or has it twice).")
        if unit.source != segment.source:
            raise XliffError(f"The English of unit “{unit.key}” is not the English of this translation.")
        seen.add(unit.key)
    changed = 0
    with acting_as(by):
        for unit in parsed.units:
            segment = segments[unit.key]
            if segment.text != unit.target:
                segment.text = unit.target
                segment.save(update_fields=["text"])
                changed += 1
    return changed
