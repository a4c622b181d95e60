"""Search over public (signed-off) articles: the query side of reviews/search_index.py.

PostgreSQL: full-text search over a weighted tsvector (title and question A, condition
names and synonyms B, lead C, body D) with a GIN index, and pg_trgm similarity against
a vocabulary of reviewed terms for "did you mean". SQLite (the embedded default): the
same weights scored in Python, and difflib for suggestions. Both feed one view and
template.
"""

import difflib
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reviews.models import Publication, SearchTerm
from reviews.search_index import terms

MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, and the page says so
WEIGHTS = {"title": 10, "conditions": 5, "synonyms": 5, "lead": 3, "body": 1}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str | None) -> tuple[str, bool]:
    """(query, was_cut): whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    query = " ".join(CONTROL.sub(" ", raw or "").split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


def _public() -> QuerySet[Publication]:
    return Publication.objects.public().select_related("search")


def _search_postgres(query: str) -> list[Publication]:
    search = SearchQuery(query, search_type="websearch", config="english")
    return list(
        _public()
        .filter(search__vector=search)
        .annotate(rank=SearchRank(F("search__vector"), search))
        .order_by("-rank", "title")
    )


def _search_python(query: str) -> list[Publication]:
    wanted = [w.removesuffix("s") if len(w) > 3 else w for w in terms(query)]
    patterns = [re.compile(rf"\b{re.escape(w)}", re.IGNORECASE) for w in wanted]
    scored: list[Publication] = []
    for page in _public():
        score = 0
        for pattern in patterns:
            hits = [weight for field, weight in WEIGHTS.items() if pattern.search(getattr(page.search, field))]
            if not hits:
                score = 0  # every word must match somewhere, as in websearch
                break
            score += sum(hits)
        if score:
            page.rank = score  # type: ignore[attr-defined]
            scored.append(page)
    return sorted(scored, key=lambda p: (-p.rank, p.title))  # type: ignore[attr-defined]


def search(query: str) -> list[Publication]:
    """Live pages matching ``query``, best first."""
    if not terms(query):
        return []
    return _search_postgres(query) if connection.vendor == "postgresql" else _search_python(query)


def suggest(query: str) -> str | None:
    """A respelling of ``query`` from live vocabulary, or None if nothing better is known."""
    words = terms(query)
    known = set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True))
    vocabulary: list[str] | None = None
    corrected = []
    for word in words:
        best = word
        if word not in known and not word.isdigit():
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


def snippet(page: Publication, query: str, width: int = 160) -> SafeString:
    """A piece of the lead or body around the first match (or of the listed causes, if
    only they match), matches marked, HTML-safe."""
    words = [w for w in terms(query) if len(w) > 1]
    text = f"{page.search.lead} {page.search.body}"
    prefix = ""
    found = _first_match(text, words)
    if found is None and _first_match(page.search.conditions, words) is not None:
        text, prefix = page.search.conditions, "Causes listed include: "
        found = _first_match(text, words)
    start = max(0, (found or 0) - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start  # begin on a word
    end = start + width
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end  # end on a word
    piece = ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
    return _highlight(prefix + piece, words)


def _highlight(text: str, words: list[str]) -> SafeString:
    """Escape ``text`` and wrap words starting with any of ``words`` in <mark>, in one pass
    over the plain text so a mark is never put inside another mark or an entity."""
    if not words:
        return escape(text)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\w*", re.I
    )
    html: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        html += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    html.append(escape(text[last:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece escaped; only <mark> added


def _first_match(text: str, words: list[str]) -> int | None:
    for word in words:
        found = re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE)
        if found:
            return found.start()
    return None
