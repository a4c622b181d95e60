"""Search in the words people use, over public (signed-off) content only: what a query
finds (reviews/readmodel/search/query.py asks the read model) as a page of results.

Articles and conditions are both results. Words are stemmed on both databases, English
stop words are dropped on both, and every remaining word must match somewhere, so the
same query finds the same pages. A query that matches an emergency "when to get help"
statement brings that advice to the top. When nothing matches, a respelling from the
reviewed vocabulary is tried, and used only if it finds something.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reviews.readmodel.models import Publication, SearchCondition
from reviews.readmodel.search import query as found_by
from reviews.readmodel.search.text import (
    SNIPPET_FIELDS,
    START,
    STOP,
    STOP_WORDS,
    WORD,
    content_words,
    holds_phrase,
    phrase,
    stem,
    terms,
)

MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, and the page says so
MAX_CONDITIONS = 5
MAX_EMERGENCY_STATEMENTS = 4
RESULTS_PER_PAGE = 10
MAX_COUNTED = 1000  # matches counted and paged through; a search that finds more says so
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)

__all__ = ["WORD", "Results", "clean_query", "content_words", "search", "stem", "suggest"]


def clean_query(raw: str | None, limit: int = MAX_QUERY_LENGTH) -> tuple[str, bool]:
    """(query, was_cut): control characters (PostgreSQL refuses a NUL) and runs of
    whitespace made one space, at most ``limit`` characters."""
    query = " ".join(CONTROL.sub(" ", raw or "").split())
    return query[:limit].strip(), len(query) > limit


@dataclass
class Results:
    """One page of what a query finds: the page's articles (each with its ``snippet``),
    how many public articles match (counted up to MAX_COUNTED + 1), the best conditions
    and the emergency advice the query's words appear in."""

    articles: list[Publication] = field(default_factory=list)
    total: int = 0
    page_number: int = 1
    conditions: list[SearchCondition] = field(default_factory=list)
    emergency: list[str] = field(default_factory=list)
    showing_for: str | None = None  # the respelling searched instead, when the query found nothing
    leading: list[Publication] = field(default_factory=list)  # of the page's articles, those the words name
    mentions_only: bool = False  # no article's title, lay terms or causes hold the words: they only mention them

    @property
    def ranked(self) -> list[tuple[str, Publication | SearchCondition]]:
        """The page's results in the order it shows them, as ("article", publication) and
        ("condition", condition) pairs: the articles whose title or lay terms the words
        name, then the conditions, then the articles that hold the words elsewhere."""
        return [
            *(("article", publication) for publication in self.leading),
            *(("condition", condition) for condition in self.conditions),
            *(("article", publication) for publication in self.rest),
        ]

    @property
    def rest(self) -> list[Publication]:
        """The page's articles the words do not name: shown after the conditions."""
        return [publication for publication in self.articles if publication not in self.leading]

    def __bool__(self) -> bool:
        return bool(self.total or self.conditions)

    @property
    def capped(self) -> bool:
        """More articles match than are paged through: the page says so."""
        return self.total > MAX_COUNTED

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.total, MAX_COUNTED) // RESULTS_PER_PAGE))

    @property
    def start_index(self) -> int:
        """The number of the page's first result, for the ordered list."""
        return (self.page_number - 1) * RESULTS_PER_PAGE + 1

    @property
    def rest_start(self) -> int:
        """The number of the first article shown after the conditions."""
        return self.start_index + len(self.leading)


def search(query: str, page: int = 1) -> Results:
    """Page ``page`` of what ``query`` finds, best first (the last page if there are
    fewer); respelled when the query finds nothing."""
    with found_by.reading():
        results = _find(query, page)
        if not results and (respelled := suggest(query)):
            retried = _find(respelled, page)
            if retried:
                retried.showing_for = respelled
                return retried
        return results


def _find(query: str, page: int) -> Results:
    """Count (up to a cap), then build only the page asked for: the database ranks and
    cuts, so a word found in every article builds ten results, not thousands.

    Articles whose title or lay terms hold every word come first, before conditions.
    A phrase whose sense rests on a small word the databases drop ("passing out",
    "worn out", "can't sleep") finds only the articles and conditions whose title, names
    or lay terms hold it, never a word that merely stems alike ("passes through")."""
    words = content_words(query)
    if not words:
        return Results()
    asked = phrase(query)
    named = found_by.named_by(words)
    holders = [pk for pk, lines in named.items() if len(asked) > 1 and holds_phrase(lines, asked)]
    conditions = found_by.conditions(words, limit=MAX_CONDITIONS)
    if len(words) < len(asked):
        naming = [row for row in conditions if holds_phrase(found_by.names_of(row), asked)][:MAX_CONDITIONS]
        if holders or naming:
            return _phrase_results(words, holders, naming, page)
    results = Results(total=found_by.count_articles(words, cap=MAX_COUNTED + 1), conditions=conditions[:MAX_CONDITIONS])
    if not results:
        return results
    results.page_number = min(max(page, 1), results.num_pages)
    offset = (results.page_number - 1) * RESULTS_PER_PAGE
    if results.total:
        limit = min(RESULTS_PER_PAGE, MAX_COUNTED - offset)
        results.articles = found_by.article_page(words, offset=offset, limit=limit, scored=not results.capped)
        # An article one of whose names is the phrase typed comes before those that hold
        # its words apart ("losing muscle": Muscle atrophy before Muscle weakness).
        results.articles.sort(key=lambda publication: publication.pk not in holders)
        results.leading = [publication for publication in results.articles if publication.pk in named]
        _add_snippets(results.articles, words)
        results.mentions_only = not results.conditions and not found_by.holds_every_word(words, "tier_ab")
    results.emergency = found_by.emergency_statements(words, limit=MAX_EMERGENCY_STATEMENTS)
    return results


def _phrase_results(words: list[str], holders: list[int], conditions: list[SearchCondition], page: int) -> Results:
    """The page of a query read as a phrase: the articles (``holders``) and
    ``conditions`` that hold it, articles first."""
    results = Results(total=len(holders), conditions=conditions)
    results.page_number = min(max(page, 1), results.num_pages)
    offset = (results.page_number - 1) * RESULTS_PER_PAGE
    if holders:
        ranked = found_by.article_page(words, offset=0, limit=found_by.MAX_NAMED, scored=True)
        held = [publication for publication in ranked if publication.pk in holders]
        results.articles = results.leading = held[offset : offset + RESULTS_PER_PAGE]
        _add_snippets(results.articles, words)
    results.emergency = found_by.emergency_statements(words, limit=MAX_EMERGENCY_STATEMENTS)
    return results


def _add_snippets(articles: list[Publication], words: list[str]) -> None:
    wanted = {stem(word) for word in words}
    for publication in articles:
        publication.snippet = _best_snippet(publication.snippets, wanted)  # type: ignore[attr-defined]


def suggest(query: str) -> str | None:
    """A respelling of ``query`` from the reviewed vocabulary, or None. Words that are
    stop words, numbers or already in the vocabulary are kept as typed; each other word
    becomes the reviewed word closest to it, if any is close."""
    words = terms(query)
    known = found_by.known_words(words)
    corrected = []
    for word in words:
        best = word
        if word not in known and word not in STOP_WORDS and not word.isdigit() and len(word) > 2:
            best = found_by.closest_word(word) or word
        corrected.append(best)
    suggestion = " ".join(corrected)
    return suggestion if suggestion != " ".join(words) else None


def _best_snippet(texts: list[str | None], wanted: set[str]) -> SafeString:
    """Of the database's snippets (in SNIPPET_FIELDS order), the one that marks most of
    the query's words (the earlier on a tie); the lead's if none marks any."""

    def hits(text: str | None) -> int:
        marked = {stem(w) for match in MARKED.finditer(text or "") for w in WORD.findall(match.group(1))}
        return len(marked & wanted)

    scored = [(-hits(text), index) for index, text in enumerate(texts) if text]
    if not scored:
        return mark_safe("")  # noqa: S308 - empty
    best_hits, best = min(scored)
    lead = SNIPPET_FIELDS.index("lead")
    return _marked_html(texts[best] if best_hits or not texts[lead] else texts[lead])  # type: ignore[arg-type]


def _marked_html(text: str) -> SafeString:
    """A database snippet as HTML: everything escaped, the marked words in <mark>, lines
    joined with a middle dot so list items never run together."""
    text = " · ".join(line.strip() for line in text.splitlines() if line.strip())
    html: list[str] = []
    last = 0
    for match in MARKED.finditer(text):
        html += [_plain(text[last : match.start()]), "<mark>", _plain(match.group(1)), "</mark>"]
        last = match.end()
    html.append(_plain(text[last:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece escaped; only <mark> added


def _plain(text: str) -> str:
    """Escaped, with any stray marker character dropped."""
    return escape(text.replace(START, "").replace(STOP, ""))
