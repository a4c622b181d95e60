"""Search in a translation's language: what each live translation is found by, written
when it goes live (readmodel/translations.py), and the query that finds it.

The same on both databases: a text is folded (no accents, lower case: readers often type
"nausea" for "náusea"), a query's words lose the language's stop words, and a page must
hold every word left (else, every page holding any of them, ranked). PostgreSQL reads the
folded texts with its configuration for the language (``spanish``: Snowball stems, its own
stop words) from a weighted tsvector under a GIN index; SQLite's FTS5 has no Spanish
stemmer, so its rows hold the texts' Snowball stems, and so does each query.
"""

import unicodedata
from collections.abc import Iterable
from typing import Any

import snowballstemmer
from django.db import connection

from articles.document import entries

from ..models import TranslationPublication, TranslationSearch
from .text import WORD, plain_text

FTS = "reviews_translation_fts"
COLUMNS = ("title", "conditions", "lead", "body")
WEIGHTS = {"title": "A", "conditions": "B", "lead": "C", "body": "D"}
BM25 = (10.0, 5.0, 3.0, 1.0)
CONFIGURATIONS = {"es": ("spanish", "spanish")}  # language: (PostgreSQL configuration, Snowball stemmer)
# Words that say nothing about a symptom: the commonest of Snowball's Spanish stop words,
# folded, plus everyday filler ("tengo", "siento"), dropped from queries on both databases.
STOP_WORDS = {
    "es": frozenset(
        """de la que el en y a los del se las por un para con no una su al lo como mas pero sus le ya o
        este si porque esta entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos
        durante todos uno les ni contra otros ese eso ante ellos e esto mi antes algunos que unos yo otro
        otras otra el tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
        nosotros mis tu te ti tus tengo tiene siento siente tener estoy esta estan hace""".split()
    )
}


def fold(text: str) -> str:
    """``text`` without accents, in lower case ("Náusea" is "nausea"); ñ stays a letter."""
    decomposed = unicodedata.normalize("NFD", text.replace("ñ", "\\0").replace("Ñ", "\\1"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.replace("\\0", "ñ").replace("\\1", "ñ").lower()


def words(text: str, language: str) -> list[str]:
    """The folded words of ``text`` that are not stop words."""
    stop = STOP_WORDS.get(language, frozenset())
    return [word for word in WORD.findall(fold(text)) if word not in stop]


def stems(text: str, language: str) -> list[str]:
    found: list[str] = snowballstemmer.stemmer(CONFIGURATIONS[language][1]).stemWords(WORD.findall(fold(text)))
    return found


def texts(document: dict[str, Any]) -> dict[str, str]:
    """A translated document's search texts, by weight."""
    conditions = []
    for _, _, entry in entries(document, "condition"):
        conditions += [entry["name"], *entry.get("also_called", []), *entry.get("lay_terms", [])]
    return {
        "title": "\n".join([document["title"], document["question"], *document.get("lay_terms", [])]),
        "conditions": "\n".join(conditions),
        "lead": "\n".join(
            [document["lead"], *(text for tier in (document.get("care") or {}).values() for text in tier)]
        ),
        "body": "\n".join(plain_text(section.get("body", "")) for section in document["sections"]),
    }


def write(row: TranslationPublication, document: dict[str, Any]) -> None:
    """The search row of the live translation ``row`` (of ``document``)."""
    found = {name: fold(text) for name, text in texts(document).items()}
    TranslationSearch.objects.update_or_create(publication=row, defaults={"language": row.language, **found})
    config = CONFIGURATIONS.get(row.language)
    if config is None:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            vector = " || ".join(
                f"setweight(to_tsvector('{config[0]}', {name}), '{WEIGHTS[name]}')" for name in COLUMNS
            )
            table = TranslationSearch._meta.db_table
            cursor.execute(f"UPDATE {table} SET vector = {vector} WHERE publication_id = %s", [row.pk])  # noqa: S608
        else:
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [row.pk])  # noqa: S608
            stemmed = [" ".join(stems(found[name], row.language)) for name in COLUMNS]
            columns = ", ".join(COLUMNS)
            cursor.execute(f"INSERT INTO {FTS} (rowid, {columns}) VALUES (%s, %s, %s, %s, %s)", [row.pk, *stemmed])  # noqa: S608


def search(query: str, language: str, *, limit: int = 20) -> list[TranslationPublication]:
    """The live translations into ``language`` offered to readers that hold every word of
    ``query`` (or, when none holds them all, any of them), best first."""
    if language not in CONFIGURATIONS:
        return []
    asked = words(query, language)
    if not asked:
        return []
    for every in (True, False):
        ids = _matches(asked, language, every=every, limit=limit)
        if ids:
            break
    offered = TranslationPublication.objects.offered().filter(pk__in=ids, language=language)
    rows = {row.pk: row for row in offered if row.seal_intact()}
    return [rows[pk] for pk in ids if pk in rows]


def _matches(asked: list[str], language: str, *, every: bool, limit: int) -> list[int]:
    config = CONFIGURATIONS[language]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            joiner = " & " if every else " | "
            table = TranslationSearch._meta.db_table
            cursor.execute(
                f"SELECT publication_id FROM {table}, to_tsquery(%s, %s) q "  # noqa: S608
                "WHERE language = %s AND vector @@ q ORDER BY ts_rank(vector, q) DESC, publication_id LIMIT %s",
                [config[0], joiner.join(_lexemes(asked)), language, limit],
            )
        else:
            terms = (" AND " if every else " OR ").join(
                f'"{stem}"' for stem in _unique(stems(" ".join(asked), language))
            )
            weights = ", ".join(map(str, BM25))
            cursor.execute(
                f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY bm25({FTS}, {weights}), rowid LIMIT %s",  # noqa: S608
                [terms, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def _lexemes(asked: Iterable[str]) -> list[str]:
    """The words as tsquery operands (letters and digits only, so nothing is an operator)."""
    return [
        "".join(char for char in word if char.isalnum()) for word in _unique(asked) if any(c.isalnum() for c in word)
    ]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))
