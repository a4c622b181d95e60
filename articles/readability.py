"""How easy a text is to read: the reading age of English (Flesch–Kincaid grade + 5) and
the reading ease of Spanish (Fernández-Huerta, with Szigriszt-Pazos's beside it), by
textstat. Pure functions over a part's blocks of text (paragraphs, list items, lead-ins);
the author checks (checks.py) turn the figures into advice."""

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# NHS content aims for a reading age of 9 to 11; reading age = Flesch–Kincaid grade + 5.
TARGET_READING_AGE = (9, 11)
# Fernández-Huerta's reading ease (Spanish): 70 to 80 is "fairly easy", what a 6th grader
# (reading age 11) reads; below 70 is harder than the reading age of 9 to 11 we aim for.
SPANISH_EASE_TARGET = 70
# Below this much text a readability score says little, so it is shown but not advised on.
# Two sentences, not three: a lead is often two long ones, and those most need the advice.
MIN_SENTENCES, MIN_WORDS = 2, 40

# A sentence ends at . ! or ? followed by a space and anything but a lower-case letter
# ("e.g. the" does not end one).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[^a-z])")
WORD = re.compile(r"\w[\w'’-]*")


def sentences(blocks: Iterable[str]) -> Iterator[str]:
    for block in blocks:
        yield from (s.strip() for s in _SENTENCE_END.split(block) if WORD.search(s))


def readable_text(blocks: Iterable[str]) -> str:
    # List items and lead-ins ending in ":" are sentences to a reader; give them a full stop.
    return " ".join(b if b[-1] in ".!?" else b.rstrip(":;,—– ") + "." for b in blocks)


@dataclass(frozen=True)
class Counted:
    sentences: int
    words: int

    @property
    def enough_text(self) -> bool:
        return self.sentences >= MIN_SENTENCES and self.words >= MIN_WORDS


def _counted(blocks: list[str]) -> tuple[int, int]:
    found = list(sentences(blocks))
    return len(found), sum(len(WORD.findall(sentence)) for sentence in found)


@dataclass(frozen=True)
class ReadingAge(Counted):
    where: str
    grade: float  # Flesch–Kincaid grade level, 0 or more
    reading_age: int  # grade + 5, rounded


def reading_age(where: str, blocks: list[str]) -> ReadingAge | None:
    """The reading age of English ``blocks``, or None for no text."""
    if not blocks:
        return None
    # Imported here, not at the top: the admin imports this module in every server process
    # (admin autodiscovery), and readers' pages never score text.
    import textstat  # type: ignore[import-untyped]  # 0.7.8: no network, no nltk data

    grade = max(0.0, float(textstat.flesch_kincaid_grade(readable_text(blocks))))
    count, words = _counted(blocks)
    return ReadingAge(
        sentences=count, words=words, where=where, grade=round(grade, 1), reading_age=math.floor(grade + 5 + 0.5)
    )


def _scale(score: float) -> float:
    """A reading ease on its 0 to 100 scale (the formulas overshoot on very short text)."""
    return max(0.0, min(100.0, float(score)))


@dataclass(frozen=True)
class Ease(Counted):
    ease: float  # Fernández-Huerta: 100 very easy … 0 very hard
    inflesz: float  # Szigriszt-Pazos, which the INFLESZ scale grades


def spanish_ease(blocks: list[str]) -> Ease | None:
    """The reading ease of Spanish ``blocks``, or None for no text."""
    if not blocks:
        return None
    from textstat.textstat import textstatistics  # type: ignore[import-untyped]  # see reading_age

    scorer = textstatistics()  # its own language, never the module-wide one English is scored in
    scorer.set_lang("es")
    text = readable_text(blocks)
    count, words = _counted(blocks)
    return Ease(
        sentences=count,
        words=words,
        ease=_scale(scorer.fernandez_huerta(text)),
        inflesz=_scale(scorer.szigriszt_pazos(text)),
    )
