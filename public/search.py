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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Case, Exists, F, FloatField, OuterRef, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reviews.models import CareStatement, ConditionListing, Publication, SearchCondition, SearchDocument, SearchTerm
from reviews.search_index import ARTICLE_BM25, CONDITION_BM25, TIER_COLUMNS, WORD, terms

MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, and the page says so
MAX_CONDITIONS = 5
MAX_EMERGENCY_STATEMENTS = 4
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
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


def clean_query(raw: str | None, limit: int = MAX_QUERY_LENGTH) -> tuple[str, bool]:
    """(query, was_cut): control characters (PostgreSQL refuses a NUL) and runs of
    whitespace made one space, at most ``limit`` characters."""
    query = " ".join(CONTROL.sub(" ", raw or "").split())
    return query[:limit].strip(), len(query) > limit


def content_words(query: str) -> list[str]:
    """The words a query is matched by: lower case, stop words dropped."""
    return [word for word in terms(query) if word not in STOP_WORDS]


def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


RESULTS_PER_PAGE = 10
MAX_COUNTED = 1000  # matches counted and paged through; a search that finds more says so
MAX_EMERGENCY_CHECKED = 200  # emergency statements read, at most, to find MAX_EMERGENCY_STATEMENTS
SNIPPET_WORDS = 24
# Private-use characters mark matched words in the database's snippets, so that the text
# around them can be escaped here before <mark> goes in.
START, STOP = "\ue000", "\ue001"
MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)
# The texts a snippet may quote, in the order a tie goes (care advice first), as in
# reviews_article_fts's column numbers.
SNIPPET_FIELDS = {"care": 4, "lead": 3, "conditions": 2, "body": 5}


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


def search(query: str, page: int = 1) -> Results:
    """Page ``page`` of what ``query`` finds, best first (the last page if there are
    fewer); respelled when the query finds nothing."""
    with _index_plans():
        return _search(query, page)


@contextmanager
def _index_plans() -> Iterator[None]:
    """On PostgreSQL, search's queries planned to read the GIN indexes. The planner
    prices a sequential scan by pages, not by the vector it reads and decompresses in
    every row, so for a common word it scans (and, in parallel workers, builds each tier's
    set once per worker): ten times the index plan at 10,000 articles. Search only reads,
    so its transaction (or savepoint) is rolled back, which also undoes the settings."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
        transaction.set_rollback(True)


def _search(query: str, page: int) -> Results:
    results = _find(query, page)
    if not results:
        respelled = suggest(query)
        if respelled:
            retried = _find(respelled, page)
            if retried:
                retried.showing_for = respelled
                return retried
    return results


def _find(query: str, page: int) -> Results:
    """Count (up to a cap), then build only the page asked for: the database ranks and
    cuts, so a word found in every article builds ten results, not thousands. (The rank
    reads each match's small ranking vector on PostgreSQL, never its body's words.)"""
    words = content_words(query)
    if not words:
        return Results()
    postgres = connection.vendor == "postgresql"
    results = Results(
        total=_count_postgres(words) if postgres else _count_sqlite(words),
        conditions=_conditions_postgres(words) if postgres else _conditions_sqlite(words),
    )
    if not results:
        return results
    results.page_number = min(max(page, 1), results.num_pages)
    offset = (results.page_number - 1) * RESULTS_PER_PAGE
    if results.total:
        page_of = _page_postgres if postgres else _page_sqlite
        limit = min(RESULTS_PER_PAGE, MAX_COUNTED - offset)
        results.articles = page_of(words, offset, limit, scored=not results.capped)
    results.emergency = _emergency_advice(words, postgres)
    return results


# Both databases rank the same way, so the same query puts the same page first: first by
# the most important place that holds every word (title or lay terms; listed causes; lead
# or care advice; anywhere), then symptom pages (those that list causes) before overview
# pages, then by the database's own score (only when at most MAX_COUNTED articles match:
# scoring reads every match's words, and past that many the tier says most), then by
# title (and id, so pages never overlap).
TIERS = list(TIER_COLUMNS.items())  # (PostgreSQL tier vector, the columns it holds)
LIST_FIELDS = ("pk", "slug", "title", "question")  # what a result shows, besides its snippet
CONDITION_FIELDS = ("pk", "slug", "name", "also_called", "gloss")  # what a condition result shows


def _tsquery(words: list[str], weights: str = "") -> SearchQuery:
    if not weights:
        return SearchQuery(" ".join(words), search_type="plain", config="english")
    return SearchQuery(" & ".join(f"{word}:{weights}" for word in words), search_type="raw", config="english")


def _matching_postgres(words: list[str]) -> QuerySet[SearchDocument]:
    return SearchDocument.objects.filter(vector=_tsquery(words), publication__withdrawn_at__isnull=True)


def _count_postgres(words: list[str]) -> int:
    return _matching_postgres(words)[: MAX_COUNTED + 1].count()


def _page_postgres(words: list[str], offset: int, limit: int, *, scored: bool) -> list[Publication]:
    """The page's publications in rank order, each with a snippet made by ts_headline
    from its own texts (only for this page). Each tier is a set of articles read from its
    GIN index once (a hashed subplan), so ranking thousands of matches decompresses no
    vector; the score does, so only ``scored`` pages use it."""
    query = _tsquery(words)
    tier = Case(
        *[
            When(pk__in=SearchDocument.objects.filter(**{column: query}).values("pk"), then=Value(index))
            for index, (column, _) in enumerate(TIERS)
        ],
        default=Value(len(TIERS)),
    )
    score = SearchRank(F("vector"), query) if scored else Value(0.0, output_field=FloatField())
    ranked = (
        _matching_postgres(words)
        .annotate(
            tier=tier,
            lists_causes=Exists(ConditionListing.objects.filter(publication=OuterRef("pk"))),
            score=score,
        )
        .order_by("tier", F("lists_causes").desc(), "-score", "publication__title", "pk")
        .values_list("pk", flat=True)
    )
    ids = list(ranked[offset : offset + limit])
    headlines = {
        f"snippet_{name}": SearchHeadline(
            f"search__{name}",
            query,
            config="english",
            start_sel=START,
            stop_sel=STOP,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
        )
        for name in SNIPPET_FIELDS
    }
    found = {p.pk: p for p in Publication.objects.filter(pk__in=ids).only(*LIST_FIELDS).annotate(**headlines)}
    wanted = {stem(word) for word in words}
    for publication in found.values():
        texts = [getattr(publication, f"snippet_{name}") for name in SNIPPET_FIELDS]
        publication.snippet = _best_snippet(texts, wanted)
    return [found[pk] for pk in ids if pk in found]


def _conditions_postgres(words: list[str]) -> list[SearchCondition]:
    query = _tsquery(words)
    ranked = (
        SearchCondition.objects.filter(vector=query)
        .only(*CONDITION_FIELDS)
        .annotate(rank=SearchRank(F("vector"), query))
    )
    return list(ranked.order_by("-rank", "name")[:MAX_CONDITIONS])


def _match(words: list[str], columns: tuple[str, ...] = ()) -> str:
    """An FTS5 query: every word, quoted (so none is read as syntax), all required, in
    ``columns`` only if given."""
    phrase = " ".join(f'"{word}"' for word in words)
    return f"{{{' '.join(columns)}}} : ({phrase})" if columns else phrase


def _rows(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


ARTICLE_MATCH = (
    "FROM reviews_article_fts JOIN reviews_publication p ON p.article_id = reviews_article_fts.rowid "
    "WHERE reviews_article_fts MATCH %s AND p.withdrawn_at IS NULL"
)


def _count_sqlite(words: list[str]) -> int:
    sql = f"SELECT COUNT(*) FROM (SELECT 1 {ARTICLE_MATCH} LIMIT %s)"  # noqa: S608 - no input in the text
    return _rows(sql, [_match(words), MAX_COUNTED + 1])[0][0]


def _page_sqlite(words: list[str], offset: int, limit: int, *, scored: bool) -> list[Publication]:
    """The page's publications in rank order (one query ranks and cuts; by bm25 only
    when ``scored``, as on PostgreSQL), each with a snippet made by FTS5's snippet()
    (only for this page)."""
    tier_sql = (
        "WHEN reviews_article_fts.rowid IN (SELECT rowid FROM reviews_article_fts WHERE reviews_article_fts MATCH %s)"
    )
    tiers = " ".join(f"{tier_sql} THEN {index}" for index in range(len(TIERS)))
    score = f"bm25(reviews_article_fts, {', '.join(map(str, ARTICLE_BM25))}), " if scored else ""
    sql = (
        f"SELECT reviews_article_fts.rowid {ARTICLE_MATCH} ORDER BY CASE {tiers} ELSE {len(TIERS)} END, "  # noqa: S608
        "NOT EXISTS (SELECT 1 FROM reviews_conditionlisting l WHERE l.publication_id = p.article_id), "
        f"{score}p.title, p.article_id LIMIT %s OFFSET %s"
    )
    tier_matches = [_match(words, columns) for _, columns in TIERS]
    ids = [row[0] for row in _rows(sql, [_match(words), *tier_matches, limit, offset])]
    if not ids:
        return []
    snippets = ", ".join(
        f"snippet(reviews_article_fts, {column}, %s, %s, '…', {SNIPPET_WORDS})" for column in SNIPPET_FIELDS.values()
    )
    sql = (
        f"SELECT rowid, {snippets} FROM reviews_article_fts "  # noqa: S608 - no input in the text
        f"WHERE reviews_article_fts MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})"
    )
    texts = {row[0]: row[1:] for row in _rows(sql, [START, STOP] * len(SNIPPET_FIELDS) + [_match(words), *ids])}
    found = {p.pk: p for p in Publication.objects.filter(pk__in=ids).only(*LIST_FIELDS)}
    wanted = {stem(word) for word in words}
    for pk, publication in found.items():
        publication.snippet = _best_snippet(list(texts.get(pk, ())), wanted)
    return [found[pk] for pk in ids if pk in found]


def _conditions_sqlite(words: list[str]) -> list[SearchCondition]:
    weights = ", ".join(map(str, CONDITION_BM25))
    sql = (
        "SELECT c.id FROM reviews_condition_fts JOIN reviews_searchcondition c "  # noqa: S608 - no input in the text
        "ON c.id = reviews_condition_fts.rowid WHERE reviews_condition_fts MATCH %s "
        f"ORDER BY bm25(reviews_condition_fts, {weights}), c.name LIMIT %s"
    )
    ids = [row[0] for row in _rows(sql, [_match(words), MAX_CONDITIONS])]
    found = SearchCondition.objects.only(*CONDITION_FIELDS).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _emergency_advice(words: list[str], postgres: bool) -> list[str]:
    """Emergency statements of public articles that the query's words all appear in
    (reading at most MAX_EMERGENCY_CHECKED statements, in title order)."""
    if postgres:
        ids: Any = SearchDocument.objects.filter(
            emergency_vector=_tsquery(words), publication__withdrawn_at__isnull=True
        ).values("pk")
    else:
        ids = RawSQL(
            "SELECT rowid FROM reviews_article_fts WHERE reviews_article_fts MATCH %s",
            [_match(words, ("emergency",))],
        )
    wanted = {stem(word) for word in words}
    found: list[str] = []
    statements = CareStatement.objects.filter(
        tier="emergency", publication__in=ids, publication__withdrawn_at__isnull=True
    ).order_by("publication__title", "position")
    for text in statements.values_list("text", flat=True)[:MAX_EMERGENCY_CHECKED]:
        if wanted <= {stem(w) for w in WORD.findall(text)} and text not in found:
            found.append(text)
        if len(found) == MAX_EMERGENCY_STATEMENTS:
            break
    return found


def suggest(query: str) -> str | None:
    """A respelling of ``query`` from the reviewed vocabulary, or None. Words that are
    stop words, numbers or already in the vocabulary are kept as typed. Each unknown word
    asks the database for its closest term among a bounded set of candidates: the
    trigram index's matches on PostgreSQL, terms of about the same length and first
    letter on SQLite."""
    words = terms(query)
    known = set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True))
    corrected = []
    for word in words:
        best = word
        if word not in known and word not in STOP_WORDS and not word.isdigit() and len(word) > 2:
            best = (_closest_postgres(word) if connection.vendor == "postgresql" else _closest_sqlite(word)) or word
        corrected.append(best)
    suggestion = " ".join(corrected)
    return suggestion if suggestion != " ".join(words) else None


MAX_CANDIDATES = 2000  # terms compared with a misspelt word on SQLite, at most


def _closest_postgres(word: str) -> str | None:
    """The most similar term by trigrams: ``%`` (pg_trgm's similarity above its 0.3
    threshold) is answered by the GIN trigram index on the vocabulary."""
    return (
        SearchTerm.objects.filter(term__trigram_similar=word)
        .annotate(similarity=TrigramSimilarity("term", word))
        .order_by("-similarity", "term")
        .values_list("term", flat=True)
        .first()
    )


def _closest_sqlite(word: str) -> str | None:
    """The closest term that starts with the same letter and is within two letters of
    the same length (an index range on the unique term column, never the whole table)."""
    first = word[0]
    candidates = (
        SearchTerm.objects.filter(term__gte=first, term__lt=chr(ord(first) + 1))
        .annotate(size=Length("term"))
        .filter(size__gte=len(word) - 2, size__lte=len(word) + 2)
        .values_list("term", flat=True)[:MAX_CANDIDATES]
    )
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return close[0] if close else None


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
    lead = list(SNIPPET_FIELDS).index("lead")
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
