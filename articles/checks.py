"""Author checks: advice about an article's wording, links and sources.

Advice only: nothing here stops anyone saving, submitting or approving. Every check reads
an article *document* (articles/document.py), so editors see the same findings for the
working copy (beside the form, on the submit page) as reviewers see for a frozen revision
(on the review page). The functions are pure but for known_condition_names(), which the
caller runs once and passes in.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .document import Document, lines
from .markdown import parse
from .models import Condition
from .readability import SPANISH_EASE_TARGET, TARGET_READING_AGE, WORD, reading_age, sentences, spanish_ease
from .reference_urls import reference_url_problems
from .signs import CLOSE_WORDING

INFO = "info"
ADVICE = "advice"

LONG_SENTENCE_WORDS = 25
# The same text in Spanish runs about a fifth longer than in English.
LONG_SENTENCE_WORDS_IN = {"es": 30}
LONG_SENTENCES_LISTED = 3
MIN_CONDITION_NAME = 4  # shorter names and abbreviations ("ALS", "MS") match too much


@dataclass(frozen=True)
class Finding:
    """One piece of advice (``level`` "advice") or a figure to know (``level`` "info")."""

    check: str  # a short code, e.g. "long-sentence"
    where: str  # the part of the article, e.g. "Lead", "Section: Causes", "Reference 3"
    message: str  # plain words that say what to do
    level: str = ADVICE


@dataclass
class _Place:
    """A part of the document with the text a reader sees in it."""

    where: str
    blocks: list[str] = field(default_factory=list)  # paragraphs, list items, lead-ins
    extra: list[str] = field(default_factory=list)  # headings and notes: searched for names only
    body_blocks: int = 0  # how many of the blocks come from a Markdown body
    links: list[str] = field(default_factory=list)
    citations: list[int] = field(default_factory=list)


_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def _read_body(markdown: str, place: _Place) -> None:
    """Add a Markdown body's plain text, links and citations to ``place``."""
    for token in parse(markdown):
        if token.type == "html_block":
            place.links += _HREF.findall(token.content)
        if token.type != "inline":
            continue
        text = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                text.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                text.append(" ")
            elif child.type == "citation":
                place.citations.append(child.meta["number"])
            elif child.type == "link_open":
                place.links.append(str(child.attrGet("href") or ""))
            elif child.type == "html_inline":
                place.links += _HREF.findall(child.content)
        block = " ".join("".join(text).split())
        if block:
            place.blocks.append(block)
            place.body_blocks += 1


def _places(document: Document) -> list[_Place]:
    places = [_Place("Lead", blocks=[" ".join(str(document.get("lead", "")).split())])]
    care = document.get("care") or {}
    places.append(_Place("When to get help", blocks=[text for tier in care.values() for text in tier]))
    for section in document.get("sections", []):
        place = _Place(f"Section: {section['heading']}", extra=[section["heading"]])
        _read_body(section.get("body", ""), place)
        for group in section.get("groups", []):
            place.extra.append(group.get("heading", ""))
            if group.get("lead_in"):
                place.blocks.append(" ".join(group["lead_in"].split()))
            for entry in group.get("entries", []):
                if entry.get("kind") == "text" and entry.get("text"):
                    place.blocks.append(" ".join(entry["text"].split()))
                place.extra.append(entry.get("note", ""))
        places.append(place)
    for place in places:
        place.blocks = [block for block in place.blocks if block.strip()]
    return places


# A sentence ends at . ! or ? followed by a space and anything but a lower-case letter
# ("e.g. the" does not end one).
def reading_ages(document: Document) -> list[tuple[str, float, int]]:
    """(where, Flesch–Kincaid grade, reading age) for the lead, the care advice and each
    section with text, in page order."""
    return [(r.where, r.grade, r.reading_age) for p in _places(document) if (r := reading_age(p.where, p.blocks))]


def _check_reading_age(place: _Place) -> Iterator[Finding]:
    result = reading_age(place.where, place.blocks)
    if result is None:
        return
    low, high = TARGET_READING_AGE
    figure = f"Reading age about {result.reading_age} (Flesch–Kincaid grade {result.grade:.1f})"
    if not result.enough_text:
        message = f"{figure}, from only {result.words} words: too little text to judge reliably."
        yield Finding("reading-age", place.where, message, INFO)
    elif result.reading_age > high:
        message = f"{figure}: harder than the {low} to {high} we aim for. Try shorter sentences and everyday words."
        yield Finding("reading-age", place.where, message)
    else:
        yield Finding("reading-age", place.where, f"{figure}; we aim for {low} to {high}.", INFO)


def _check_spanish_ease(place: _Place) -> Iterator[Finding]:
    """Fernández-Huerta's reading ease of a Spanish place (and Szigriszt-Pazos's), where
    English gets its reading age."""
    result = spanish_ease(place.blocks)
    if result is None:
        return
    figure = f"Fernández-Huerta reading ease {result.ease:.0f} (Szigriszt-Pazos {result.inflesz:.0f})"
    low, high = TARGET_READING_AGE
    if not result.enough_text:
        message = f"{figure}, from only {result.words} words: too little text to judge."
        yield Finding("reading-age", place.where, message, INFO)
    elif result.ease < SPANISH_EASE_TARGET:
        message = (
            f"{figure}: harder than the reading age of {low} to {high} we aim for ({SPANISH_EASE_TARGET} or more). "
            "Try shorter sentences and everyday words."
        )
        yield Finding("reading-age", place.where, message)
    else:
        yield Finding("reading-age", place.where, f"{figure}; we aim for {SPANISH_EASE_TARGET} or more.", INFO)


def _check_long_sentences(place: _Place, limit: int = LONG_SENTENCE_WORDS) -> Iterator[Finding]:
    long = [(s, n) for s in sentences(place.blocks) if (n := len(WORD.findall(s))) > limit]
    if not long:
        return
    quoted = "; ".join(f"“{' '.join(s.split()[:6])}…” ({n} words)" for s, n in long[:LONG_SENTENCES_LISTED])
    more = f"; and {len(long) - LONG_SENTENCES_LISTED} more" if len(long) > LONG_SENTENCES_LISTED else ""
    noun = "sentence has" if len(long) == 1 else "sentences have"
    yield Finding(
        "long-sentence",
        place.where,
        f"{len(long)} {noun} more than {limit} words: {quoted}{more}. Split them, or turn a run of items into a list.",
    )


def _check_citations(place: _Place, references: int) -> Iterator[Finding]:
    if not place.body_blocks:
        return
    unknown = sorted({n for n in place.citations if not 1 <= n <= references})
    for number in unknown:
        yield Finding(
            "unknown-citation",
            place.where,
            f"[{number}] cites no reference: the article has {references}. Check the number.",
        )
    if not any(1 <= n <= references for n in place.citations):
        yield Finding(
            "no-citation",
            place.where,
            "No reference is cited in the text. Put [n] after a statement that reference n "
            "supports (references are numbered as on the page).",
        )


def _check_links(place: _Place) -> Iterator[Finding]:
    for href in dict.fromkeys(place.links):
        try:
            scheme = urlsplit(href).scheme.lower()
        except ValueError:
            scheme = "?"
        if scheme == "http":
            message = f"The link to {href} is not secure: use https:// if the site has it."
        elif scheme not in ("", "https", "mailto", "tel"):
            message = f"The link to {href} is not an https:// web page: link to one."
        else:
            continue
        yield Finding("insecure-link", place.where, message)


def _check_glosses(document: Document) -> Iterator[Finding]:
    seen = set()
    for section in document.get("sections", []):
        for group in section.get("groups", []):
            for entry in group.get("entries", []):
                if entry.get("kind") != "condition" or entry["name"] in seen:
                    continue
                seen.add(entry["name"])
                if not str(entry.get("gloss", "")).strip():
                    yield Finding(
                        "no-gloss",
                        f"Section: {section['heading']}",
                        f"“{entry['name']}” has no gloss. Add a short plain-language explanation to the "
                        "condition's record; readers see it in brackets after the name.",
                    )


def _normal(name: str) -> str:
    return " ".join(name.lower().split())


@lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _check_mentions(document: Document, places: list[_Place], names: Mapping[str, str]) -> Iterator[Finding]:
    listed: set[str] = set()
    for section in document.get("sections", []):
        for group in section.get("groups", []):
            for entry in group.get("entries", []):
                if entry.get("kind") == "condition":
                    listed.add(entry["name"])
                    listed.update(_normal(n) for n in [entry["name"], *entry.get("also_called", [])])
    subject = _normal(f"{document.get('title', '')} {document.get('question', '')}")
    pattern = _names_pattern(tuple(sorted(n for n in names if len(n) >= MIN_CONDITION_NAME)))
    if pattern is None:
        return
    reported: set[str] = set()
    for place in places:
        for match in pattern.finditer("\n".join(place.blocks + place.extra)):
            said = _normal(match.group(0))
            condition = names[said]
            if said in listed or condition in listed or said in subject or condition in reported:
                continue
            reported.add(condition)
            shown = f"“{match.group(0)}”" + (f" ({condition})" if said != _normal(condition) else "")
            yield Finding(
                "condition-without-entry",
                place.where,
                f"{shown} is mentioned, but the article has no entry for it. Add one if readers should "
                "see it listed with its explanation and page; otherwise ignore this.",
            )


def check_document(
    document: Document, *, condition_names: Mapping[str, str] | None = None, shared_signs: Iterable[str] = ()
) -> list[Finding]:
    """Findings about ``document`` in page order, grouped by where they are.

    ``condition_names`` maps lower-cased condition names and synonyms to the condition's
    name (see known_condition_names); without it, names in the text are not looked for.
    ``shared_signs`` are the warning signs other articles give (known_warning_signs): a
    statement worded nearly like one of them is pointed at its wording.
    """
    places = _places(document)
    references = document.get("references", [])
    language = document.get("language", "en")
    found: dict[str, list[Finding]] = {place.where: [] for place in places}
    for place in places:
        found[place.where] += _check_reading_age(place) if language == "en" else _check_spanish_ease(place)
        found[place.where] += _check_long_sentences(place, LONG_SENTENCE_WORDS_IN.get(language, LONG_SENTENCE_WORDS))
        found[place.where] += _check_citations(place, len(references))
        found[place.where] += _check_links(place)
    for finding in _check_glosses(document):
        found[finding.where].append(finding)
    if language == "en":  # the names and the library of warning signs are English
        for finding in _check_mentions(document, places, condition_names or {}):
            found[finding.where].append(finding)
        found["When to get help"] += _check_warning_signs(document, shared_signs)
    if not references:
        found["References"] = [
            Finding("no-references", "References", "The article lists no references. Add the sources that support it.")
        ]
    for reference in references:
        where = f"Reference {reference['number']}"
        found[where] = [
            *(Finding("reference-date", where, problem) for problem in _reference_dates(reference)),
            *(Finding("reference-url", where, problem) for problem in _reference_problems(reference)),
        ]
    return [finding for findings in found.values() for finding in findings]


def _reference_dates(reference: Mapping[str, Any]) -> Iterator[str]:
    if not reference.get("year"):
        yield "No year: add the year the source was published or last updated, so readers can tell how recent it is."
    if reference.get("url") and not reference.get("accessed"):
        yield "No date accessed: add the day the source was read (web pages change)."


def _reference_problems(reference: Mapping[str, Any]) -> Iterator[str]:
    if reference.get("url"):
        yield from (f"{reference['url']}: {p}" for p in reference_url_problems(reference["url"]))
    if reference.get("doi"):
        for problem in reference_url_problems(f"https://doi.org/{reference['doi']}"):
            yield f"DOI {reference['doi']}: {problem}"
    if reference.get("pmid") and not str(reference["pmid"]).isdigit():
        yield f"PubMed ID {reference['pmid']}: a PubMed ID is digits only."


def _check_warning_signs(document: Document, shared: Iterable[str]) -> Iterator[Finding]:
    """A warning sign given in two tiers, or worded nearly like another (in this article
    or as other articles give it): one sign, one wording, one tier, so that readers and the
    navigator (which merges signs by wording) see it once, at the right urgency."""
    care = document.get("care") or {}
    tiers: dict[str, list[str]] = {}
    for tier, statements in care.items():
        for text in statements:
            tiers.setdefault(text, []).append(tier)
    where = "When to get help"
    for text, found in tiers.items():
        if len(found) > 1:
            yield Finding(
                "sign-in-two-tiers", where, f"“{text}” is in the {' and the '.join(found)} tiers. Keep it in one."
            )
    others = [text for text in dict.fromkeys(shared) if text not in tiers]
    mine = list(tiers)
    for index, text in enumerate(mine):
        candidates = [*others, *mine[index + 1 :]]
        close = _close(text, candidates)
        if close:
            yield Finding(
                "sign-wording",
                where,
                f"“{text}” says nearly what “{close[0]}” says. If it is the same warning sign, use one wording.",
            )


def _close(text: str, candidates: Iterable[str]) -> list[str]:
    """The candidates worded nearly like ``text``. The quick ratios are upper bounds of the
    ratio and cheap: most pairs are ruled out by them (an article's signs beside every
    other article's are hundreds of pairs)."""
    matcher = SequenceMatcher(None, text)
    close = []
    for candidate in candidates:
        matcher.set_seq2(candidate)
        if (
            matcher.real_quick_ratio() >= CLOSE_WORDING
            and matcher.quick_ratio() >= CLOSE_WORDING
            and matcher.ratio() >= CLOSE_WORDING
        ):
            close.append(candidate)
    return close


def known_condition_names() -> dict[str, str]:
    """Lower-cased names and synonyms ("also called") of every condition, each mapped to
    its condition's name, for check_document(condition_names=...). One query."""
    names: dict[str, str] = {}
    for name, synonyms in Condition.objects.order_by("name").values_list("name", "synonyms"):
        for term in [name, *lines(synonyms)]:
            names.setdefault(_normal(term), name)
    return names
