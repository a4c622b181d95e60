"""Search in the words people use, over public (signed-off) content only: the query side
of reviews/search_index.py.

Articles and conditions are both results. Words are stemmed on both databases
(PostgreSQL's English configuration; SQLite's FTS5 with the Porter stemmer), English
stop words are dropped on both, and every remaining word must match somewhere, so the
same query finds the same pages. A query that matches an emergency "when to get help"
statement brings that advice to the top. When nothing matches, a respelling from the
reviewed vocabulary is tried, and used only if it finds something.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reviews.models import CareStatement, ConditionListing, Publication, SearchCondition, SearchDocument, SearchTerm
from reviews.search_index import ARTICLE_BM25, CONDITION_BM25, WORD, terms

MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, and the page says so
MAX_CONDITIONS = 5
MAX_EMERGENCY_STATEMENTS = 4
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
_stemmer = snowballstemmer.stemmer("english")

# The Snowball English stop words, as PostgreSQL's `english` configuration drops them:
# SQLite's FTS5 keeps every word, so they are dropped here for both.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the and
    but if or because as until while of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not only own same
    so than too very s t can will just don should now""".split()
)


def clean_query(raw: str | None) -> tuple[str, bool]:
    """(query, was_cut): whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    query = " ".join(CONTROL.sub(" ", raw or "").split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


def content_words(query: str) -> list[str]:
    """The words a query is matched by: lower case, stop words dropped."""
    return [word for word in terms(query) if word not in STOP_WORDS]


def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


@dataclass
class Results:
    articles: list[Publication] = field(default_factory=list)
    conditions: list[SearchCondition] = field(default_factory=list)
    emergency: list[str] = field(default_factory=list)
    showing_for: str | None = None  # the respelling searched instead, when the query found nothing

    def __bool__(self) -> bool:
        return bool(self.articles or self.conditions)


def search(query: str) -> Results:
    """Everything ``query`` finds, best first; respelled when the query finds nothing."""
    results = _find(query)
    if not results:
        respelled = suggest(query)
        if respelled:
            retried = _find(respelled)
            if retried:
                retried.showing_for = respelled
                return retried
    return results


def _find(query: str) -> Results:
    words = content_words(query)
    if not words:
        return Results()
    postgres = connection.vendor == "postgresql"
    return Results(
        articles=_articles_postgres(words) if postgres else _articles_sqlite(words),
        conditions=_conditions_postgres(words) if postgres else _conditions_sqlite(words),
        emergency=_emergency_advice(words, postgres),
    )


def _public() -> QuerySet[Publication]:
    return (
        Publication.objects.public()
        .select_related("search")
        .annotate(lists_causes=Exists(ConditionListing.objects.filter(publication=OuterRef("pk"))))
    )


# Both databases rank the same way, so the same query puts the same page first: first by
# the most important place that holds every word (title or lay terms; listed causes; lead
# or care advice; anywhere), then symptom pages (those that list causes) before overview
# pages, then by the database's own score, then by title.
TIERS = [
    ("A", ("title", "lay")),
    ("AB", ("title", "lay", "conditions")),
    ("ABC", ("title", "lay", "conditions", "lead", "care")),
]


def _rank_key(publication: Publication) -> tuple:
    return (publication.tier, not publication.lists_causes, -publication.score, publication.title)  # type: ignore[attr-defined]


def _tsquery(words: list[str], weights: str = "") -> SearchQuery:
    if not weights:
        return SearchQuery(" ".join(words), search_type="plain", config="english")
    return SearchQuery(" & ".join(f"{word}:{weights}" for word in words), search_type="raw", config="english")


def _articles_postgres(words: list[str]) -> list[Publication]:
    query = _tsquery(words)
    tier = Case(
        *[When(search__vector=_tsquery(words, weights), then=Value(index)) for index, (weights, _) in enumerate(TIERS)],
        default=Value(len(TIERS)),
    )
    found = list(
        _public().filter(search__vector=query).annotate(score=SearchRank(F("search__vector"), query), tier=tier)
    )
    return sorted(found, key=_rank_key)


def _conditions_postgres(words: list[str]) -> list[SearchCondition]:
    query = _tsquery(words)
    ranked = SearchCondition.objects.filter(vector=query).annotate(rank=SearchRank(F("vector"), query))
    return list(ranked.order_by("-rank", "name")[:MAX_CONDITIONS])


def _match(words: list[str], columns: tuple[str, ...] = ()) -> str:
    """An FTS5 query: every word, quoted (so none is read as syntax), all required, in
    ``columns`` only if given."""
    phrase = " ".join(f'"{word}"' for word in words)
    return f"{{{' '.join(columns)}}} : ({phrase})" if columns else phrase


def _fts(table: str, weights: tuple[float, ...], match: str) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({table}, {', '.join(map(str, weights))}) FROM {table} WHERE {table} MATCH %s",  # noqa: S608
            [match],
        )
        return list(cursor.fetchall())


def _articles_sqlite(words: list[str]) -> list[Publication]:
    scores = dict(_fts("reviews_article_fts", ARTICLE_BM25, _match(words)))  # lower is better
    tiers: dict[int, int] = {}
    for index, (_, columns) in reversed(list(enumerate(TIERS))):
        tiers.update(
            dict.fromkeys(
                (rowid for rowid, _ in _fts("reviews_article_fts", ARTICLE_BM25, _match(words, columns))), index
            )
        )
    found = list(_public().filter(pk__in=scores))
    for publication in found:
        publication.score = -scores[publication.pk]  # type: ignore[attr-defined]
        publication.tier = tiers.get(publication.pk, len(TIERS))  # type: ignore[attr-defined]
    return sorted(found, key=_rank_key)


def _conditions_sqlite(words: list[str]) -> list[SearchCondition]:
    scores = dict(_fts("reviews_condition_fts", CONDITION_BM25, _match(words)))
    found = sorted(SearchCondition.objects.filter(pk__in=scores), key=lambda c: (scores[c.pk], c.name))
    return found[:MAX_CONDITIONS]


def _emergency_advice(words: list[str], postgres: bool) -> list[str]:
    """Emergency statements of public articles that the query's words all appear in."""
    if postgres:
        ids: Any = SearchDocument.objects.filter(
            emergency_vector=_tsquery(words), publication__withdrawn_at__isnull=True
        ).values("pk")
    else:
        ids = [rowid for rowid, _ in _fts("reviews_article_fts", ARTICLE_BM25, _match(words, ("emergency",)))]
    wanted = {stem(word) for word in words}
    found: list[str] = []
    statements = CareStatement.objects.filter(
        tier="emergency", publication__in=ids, publication__withdrawn_at__isnull=True
    ).order_by("publication__title", "position")
    for text in statements.values_list("text", flat=True):
        if wanted <= {stem(w) for w in WORD.findall(text)} and text not in found:
            found.append(text)
        if len(found) == MAX_EMERGENCY_STATEMENTS:
            break
    return found


def suggest(query: str) -> str | None:
    """A respelling of ``query`` from the reviewed vocabulary, or None. Words that are
    stop words, numbers or already in the vocabulary are kept as typed."""
    words = terms(query)
    known = set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True))
    vocabulary: list[str] | None = None
    corrected = []
    for word in words:
        best = word
        if word not in known and word not in STOP_WORDS and not word.isdigit() and len(word) > 2:
            if connection.vendor == "postgresql":
                match = (
                    SearchTerm.objects.annotate(similarity=TrigramSimilarity("term", word))
                    .filter(similarity__gt=0.3)
                    .order_by("-similarity", "term")
                    .values_list("term", flat=True)
                    .first()
                )
            else:
                if vocabulary is None:
                    vocabulary = list(SearchTerm.objects.values_list("term", flat=True))
                close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
                match = close[0] if close else None
            best = match or word
        corrected.append(best)
    suggestion = " ".join(corrected)
    return suggestion if suggestion != " ".join(words) else None


def snippet(publication: Publication, query: str, width: int = 200) -> SafeString:
    """One sentence, care statement or cause of the article that matches most of the
    query's words, matches marked, HTML-safe; the lead's first sentence if none does."""
    wanted = {stem(word) for word in content_words(query)}
    document = publication.search
    candidates: list[tuple[int, str]] = []  # (priority, text): lower priority wins ties
    for priority, text in [(1, document.lead), (0, document.care), (2, document.conditions), (3, document.body)]:
        for line in text.splitlines():
            candidates += [(priority, sentence) for sentence in SENTENCE.split(line) if sentence.strip()]
    if not candidates:
        return escape(publication.lead[:width])

    def score(candidate: tuple[int, str]) -> tuple[int, int]:
        hits = wanted & {stem(w) for w in WORD.findall(candidate[1])}
        return (-len(hits), candidate[0])

    best = min(candidates, key=score)
    if score(best)[0] == 0:
        best = (1, SENTENCE.split(document.lead)[0] if document.lead else best[1])
    text = best[1] if len(best[1]) <= width else best[1][: width - 1].rsplit(" ", 1)[0] + " …"
    return highlight(text, wanted)


def highlight(text: str, stems: set[str]) -> SafeString:
    """Escape ``text`` and wrap the words whose stem is wanted in <mark>."""
    html: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        if stem(match.group()) in stems:
            html += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
            last = match.end()
    html.append(escape(text[last:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece escaped; only <mark> added
