"""The words search works with, the same on both databases: a query's words, a reviewed
document's texts by weight, and the stems that decide what a snippet or an emergency
statement matches.

    articles    title and lay terms (A) > listed conditions (B) > lead and care advice (C) > body (D)
    conditions  name, also-called and lay terms (A) > gloss (C)
"""

import re
from collections.abc import Iterable
from html import unescape
from typing import Any

import snowballstemmer
from django.utils.html import strip_tags

from articles.markdown import render_markdown

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
BLOCK_TAGS = re.compile(r"</(p|li|h[1-6]|tr|blockquote|pre|dd|dt)>", re.IGNORECASE)

# The Snowball English stop words, as PostgreSQL's `english` configuration drops them:
# SQLite's FTS5 keeps every word, so they are dropped from queries for both.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own same
    so than too very s t can will just don should now""".split()
)

# An article's search texts, in the order SQLite's reviews_article_fts numbers its columns.
ARTICLE_COLUMNS = ["title", "lay", "conditions", "lead", "care", "body", "emergency"]
ARTICLE_WEIGHTS = {"title": "A", "lay": "A", "conditions": "B", "lead": "C", "care": "C", "body": "D"}
# The texts of each ranking tier (search/query.py): a page holding every word in the
# title or lay terms ranks first, then in those or the listed causes, then in those or
# the lead and care advice. PostgreSQL keeps each as a plain tsvector with its own GIN
# index (reviews.0017).
TIER_COLUMNS = {
    "tier_a": ("title", "lay"),
    "tier_ab": ("title", "lay", "conditions"),
    "tier_abc": ("title", "lay", "conditions", "lead", "care"),
}
# FTS5 bm25 column weights, in ARTICLE_COLUMNS order, matching the tsvector weights above
# in order (emergency is searched on its own, never ranked).
ARTICLE_BM25 = (10.0, 10.0, 5.0, 3.0, 3.0, 1.0, 0.0)
CONDITION_COLUMNS = ["name", "also_called", "lay", "gloss"]
CONDITION_WEIGHTS = {"name": "A", "also_called": "A", "lay": "A", "gloss": "C"}
CONDITION_BM25 = (10.0, 10.0, 10.0, 3.0)
# The texts a snippet may quote, in the order a tie goes (care advice first), how long
# one is, and the private-use characters the databases mark matched words with (so that
# the text around them can be escaped before <mark> goes in).
SNIPPET_FIELDS = ("care", "lead", "conditions", "body")
SNIPPET_WORDS = 24
START, STOP = "\ue000", "\ue001"
# The texts whose words "did you mean" may offer (reviewed words only).
VOCABULARY_FIELDS = ("title", "lay", "care", "conditions")

_stemmer = snowballstemmer.stemmer("english")


def terms(text: str) -> list[str]:
    """The lower-cased words of ``text`` that search uses, at most MAX_TERMS."""
    return [word.lower() for word in WORD.findall(text)][:MAX_TERMS]


def content_words(query: str) -> list[str]:
    """The words a query is matched by: lower case, stop words dropped."""
    return [word for word in terms(query) if word not in STOP_WORDS]


def stem(word: str) -> str:
    stemmed: str = _stemmer.stemWord(word.lower())
    return stemmed


def stems(text: str) -> set[str]:
    return {stem(word) for word in WORD.findall(text)}


APOSTROPHE = re.compile("['\u2019]")


def phrase(text: str) -> tuple[str, ...]:
    """The stems of every word of ``text``, stop words kept and apostrophes dropped
    ("can't sleep" and "cant sleep" are one phrase; "passing out" is not "passes")."""
    return tuple(stem(word) for word in WORD.findall(APOSTROPHE.sub("", text.lower())))


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    return any(whole[start : start + len(part)] == part for start in range(len(whole) - len(part) + 1))


def holds_phrase(lines: Iterable[str], query: tuple[str, ...]) -> bool:
    """Whether one of ``lines`` (a title, a lay term, a name) and the ``query`` phrase
    meet as phrases: the query is within the line, or a line of two words or more is
    within the query ("leg cramps at night" holds "leg cramps")."""
    for line in lines:
        key = phrase(line)
        if key and (_within(query, key) if len(query) <= len(key) else len(key) > 1 and _within(key, query)):
            return True
    return False


def plain_text(markdown_text: str) -> str:
    """The words a reader sees in a section body, one block (paragraph, list item) a line."""
    html = BLOCK_TAGS.sub(lambda m: m.group(0) + "\n", render_markdown(markdown_text))
    return "\n".join(" ".join(line.split()) for line in unescape(strip_tags(html)).splitlines() if line.strip())


def _lines(parts: Iterable[str]) -> str:
    return "\n".join(part for part in parts if part)


def _condition_line(entry: dict[str, Any]) -> str:
    also = entry.get("also_called", []) + entry.get("lay_terms", [])
    gloss = f" ({entry['gloss']})" if entry["gloss"] else ""
    return f"{entry['name']}{gloss}" + (f"; also called {', '.join(also)}" if also else "")


def index_fields(document: dict[str, Any]) -> dict[str, str]:
    """The texts a SearchDocument keeps for a live document, a line per block (so a
    snippet can quote one sentence or one cause, never list text run together)."""
    conditions: list[str] = []
    body: list[str] = []
    for section in document["sections"]:
        body += [section["heading"], plain_text(section["body"])]
        for group in section["groups"]:
            body += [group["heading"], group["lead_in"]]
            for entry in group["entries"]:
                if entry["kind"] == "condition":
                    conditions.append(_condition_line(entry))
                else:
                    body.append(entry["title"] if entry["kind"] == "article" else entry["text"])
    care = document.get("care", {})
    return {
        "title": f"{document['title']}\n{document['question']}",
        "lay": _lines(document.get("lay_terms", [])),
        "conditions": _lines(conditions),
        "lead": document["lead"],
        "care": _lines(statement for tier in ("emergency", "urgent", "routine") for statement in care.get(tier, [])),
        "emergency": _lines(care.get("emergency", [])),
        "body": _lines(body),
    }


def condition_texts(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    """What a search row keeps of a listed condition: (name, also called, lay, gloss)."""
    return entry["name"], "\n".join(entry.get("also_called", [])), "\n".join(entry.get("lay_terms", [])), entry["gloss"]


def vocabulary(texts: Iterable[str]) -> list[str]:
    """The words of ``texts`` "did you mean" may offer: longer than two letters, sorted."""
    return sorted({word[:100] for text in texts for word in WORD.findall(text.lower()) if len(word) > 2})
