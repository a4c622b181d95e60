"""The read side of search, over public (signed-off) content only: which articles a
query's words find and in what order, which conditions, the emergency advice the words
appear in, and the reviewed words a misspelling is closest to. public/search.py turns
these into the page.

Both databases rank the same way, so the same query puts the same page first: first by
the most important place that holds every word (title or lay terms; listed causes; lead
or care advice; anywhere), then symptom pages (those that list causes) before overview
pages, then by the database's own score (only when few enough match: scoring reads every
match's words, and past that many the tier says most), then by title (and id, so pages
never overlap).
"""

import logging
import re
from contextlib import AbstractContextManager

from articles.document import document_hash

from ..models import CareStatement, ConditionSummary, Publication, SearchCondition, SearchTerm, sealed
from ..models.listings import as_named, intact, naming_rows, sealed_fields
from .dialect import dialect
from .text import SNIPPET_FIELDS, START, STOP, index_fields, stems

logger = logging.getLogger(__name__)
CONDITION_FIELDS = ("pk", "slug", "name", "also_called", "gloss")  # what a condition result shows
MAX_EMERGENCY_CHECKED = 200  # emergency statements read, at most, to find the few shown
MAX_NAMED = 50  # articles whose title or lay terms hold the words, read at most for a phrase
CONDITIONS_RANKED = 4  # times the conditions shown, read to order by name and by how often listed


def reading() -> AbstractContextManager[None]:
    """Wrap a search's queries: each database reads its indexes its own way."""
    return dialect().reading()


def count_articles(words: list[str], *, cap: int) -> int:
    """How many public articles hold every word, counted up to ``cap``."""
    return dialect().count(words, cap)


def article_page(words: list[str], *, offset: int, limit: int, scored: bool) -> list[Publication]:
    """One page of the public articles holding every word, best first, each with
    ``snippets``: the database's snippets of its texts (search/text.py SNIPPET_FIELDS),
    matched words between the dialect's START and STOP marks."""
    ranked = dialect().page(words, offset, limit, scored=scored)
    # What a result shows besides its snippet, with the listing seal that covers it.
    listed = Publication.objects.listed().filter(pk__in=[pk for pk, _ in ranked])
    found = {publication.pk: publication for publication in sealed(listed)}
    signed = signed_texts(list(found))
    page = []
    for pk, snippets in ranked:
        if pk in found:
            quoted = snippets if quotes(snippets, signed.get(pk)) else [None] * len(snippets)
            found[pk].snippets = quoted  # type: ignore[attr-defined]  # read by public/search.py
            page.append(found[pk])
    return page


def signed_texts(ids: list[int]) -> dict[int, dict[str, str]]:
    """{publication id: the texts a snippet may quote, made from its live document} for
    those whose document hashes to the content hash its listing seal covers (one query)."""
    rows = Publication.objects.filter(pk__in=ids).values_list("pk", "content_hash", "revision__snapshot")
    return {
        pk: index_fields(snapshot) for pk, content_hash, snapshot in rows if document_hash(snapshot) == content_hash
    }


def _plain(text: str) -> str:
    """``text`` with whitespace folded and anything like a tag left out, as PostgreSQL's
    ts_headline leaves markup out of what it quotes."""
    return " ".join(TAG.sub(" ", text).split())


TAG = re.compile(r"<[^>]*>")


def quotes(snippets: list[str | None], texts: dict[str, str] | None) -> bool:
    """Whether every snippet quotes the signed texts (matched words' marks and the
    database's ellipses aside, whitespace and markup folded): the search index is not sealed, so a
    snippet that does not is not shown, with an alert."""
    for name, snippet in zip(SNIPPET_FIELDS, snippets, strict=True):
        if not snippet:
            continue
        text = _plain((texts or {}).get(name, ""))
        for part in snippet.replace(START, "").replace(STOP, "").split("…"):
            if (part := _plain(part)) and part not in text:
                logger.critical("A search snippet is not in its article's signed text; not shown.")
                return False
    return True


def named_by(words: list[str]) -> dict[int, list[str]]:
    """{publication id: its title, question and lay terms, a line each} of public articles
    whose title or lay terms hold every word (at most MAX_NAMED): the articles the words
    name, not only mention."""
    rows = dialect().tier_matches(words, "tier_a").values_list("pk", "title", "lay")[:MAX_NAMED]
    return {pk: [*title.splitlines(), *lay.splitlines()] for pk, title, lay in rows}


def holds_every_word(words: list[str], tier: str) -> bool:
    """Whether a public article holds every word in the texts of ``tier``."""
    return dialect().tier_matches(words, tier).exists()


def conditions(words: list[str], *, limit: int) -> list[SearchCondition]:
    """The conditions public articles list whose names or gloss hold every word, best
    first: one the query names outright (its name or another name), then the ones more
    articles list, then by the database's score; up to ``limit`` times CONDITIONS_RANKED,
    for the caller to cut after keeping those a phrase names (names_of)."""
    ids = dialect().conditions(words, limit * CONDITIONS_RANKED)
    found = SearchCondition.objects.only(*CONDITION_FIELDS, "lay").in_bulk(ids)
    # What a result shows, as the listing that names the condition gives it (sealed).
    naming = naming_rows(row.slug for row in found.values())
    shown = [
        found[pk]
        for pk in ids
        if pk in found and as_named(found[pk].slug, found[pk], naming, ("name", "gloss"), lines=["also_called"])
    ]
    listed = dict(
        ConditionSummary.objects.filter(slug__in=[row.slug for row in shown]).values_list("slug", "article_count")
    )
    wanted = stems(" ".join(words))
    named = {row.pk for row in shown if any(stems(name) == wanted for name in names_of(row))}
    order = {row.pk: (row.pk not in named, -listed.get(row.slug, 0), index) for index, row in enumerate(shown)}
    return sorted(shown, key=lambda row: order[row.pk])


def names_of(condition: SearchCondition) -> list[str]:
    """A condition's name, other names and lay terms, a line each (what a phrase may be)."""
    return [condition.name, *condition.also_called.splitlines(), *condition.lay.splitlines()]


def emergency_statements(words: list[str], *, limit: int) -> list[str]:
    """Emergency statements of public articles that hold every word (by stem), each once,
    at most ``limit``, reading at most MAX_EMERGENCY_CHECKED statements in title order."""
    wanted = stems(" ".join(words))
    matching = dialect().emergency_matches(words).values("pk")
    statements = (
        CareStatement.objects.public()
        .filter(tier="emergency", publication__in=matching)
        .order_by("publication__title", "position")
        .values(*sealed_fields("carestatement"))
    )
    found: list[str] = []
    for text in (row["text"] for row in intact("carestatement", statements[:MAX_EMERGENCY_CHECKED])):
        if wanted <= stems(text) and text not in found:
            found.append(text)
        if len(found) == limit:
            break
    return found


def known_words(words: list[str]) -> set[str]:
    """Those of ``words`` the reviewed vocabulary holds."""
    return set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True))


def closest_word(word: str) -> str | None:
    """The reviewed word a misspelt ``word`` is closest to, or None."""
    return dialect().closest(word)
