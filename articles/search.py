"""Search over live (signed-off) articles.

PostgreSQL: full-text search over a weighted tsvector (title and question A, condition
names and synonyms B, lead C, body D) with a GIN index, and pg_trgm similarity against
a vocabulary of live terms for "did you mean". SQLite (the embedded default): the same
weights scored in Python, and difflib for suggestions. Both feed one view and template.
"""

import difflib
import re
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db import connection
from django.db.models import F
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .markdown import render_markdown
from .models import LiveMention, LivePage, SearchTerm

MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, and the page says so
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)
WEIGHTS = {"search_title": 10, "search_conditions": 5, "search_synonyms": 5, "search_lead": 3, "search_body": 1}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw):
    """(query, was_cut): whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    query = " ".join(CONTROL.sub(" ", raw or "").split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


def terms(query):
    return [word.lower() for word in WORD.findall(query)][:MAX_TERMS]


def _plain(markdown_text):
    """The words a reader sees in a section body: rendered and sanitised, tags dropped."""
    return unescape(strip_tags(render_markdown(markdown_text)))


def index_fields(document, synonyms):
    """The text LivePage keeps for search, from a live document. ``synonyms`` maps
    condition id to its synonyms (matched, never shown)."""
    conditions, synonym_words, body = [], [], []
    for section in document["sections"]:
        body += [section["heading"], _plain(section["body"])]
        for group in section["groups"]:
            body += [group["heading"], group["lead_in"]]
            for entry in group["entries"]:
                if entry["kind"] == "condition":
                    conditions += [entry["name"], entry["gloss"]]
                    synonym_words += synonyms.get(entry["id"], [])
                elif entry["kind"] == "article":
                    body.append(entry["title"])
                else:
                    body.append(entry["text"])
    return {
        "search_title": f"{document['title']} {document['question']}",
        "search_conditions": " ".join(conditions),
        "search_synonyms": " ".join(synonym_words),
        "search_lead": document["lead"],
        "search_body": " ".join(part for part in body if part),
    }


def refresh_vocabulary():
    """Rebuild the words "did you mean" can offer: only reviewed wording (live titles,
    questions and condition names), never working-copy synonyms."""
    words = set()
    for title in LivePage.objects.filter(withdrawn=False).values_list("search_title", flat=True):
        words.update(terms(title))
    for name in LiveMention.objects.filter(page__withdrawn=False).values_list("name", flat=True):
        words.update(terms(name))
    words = {w[:100] for w in words if len(w) > 2}
    SearchTerm.objects.exclude(term__in=words).delete()
    # Two sign-offs at once may add the same word: not worth failing either for.
    SearchTerm.objects.bulk_create([SearchTerm(term=w) for w in sorted(words)], ignore_conflicts=True)


def update_vector(page):
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("search_title", weight="A", config="english")
            + SearchVector("search_conditions", weight="B", config="english")
            + SearchVector("search_synonyms", weight="B", config="english")
            + SearchVector("search_lead", weight="C", config="english")
            + SearchVector("search_body", weight="D", config="english")
        )
        LivePage.objects.filter(pk=page.pk).update(search_vector=vector)


def _search_postgres(query):
    search = SearchQuery(query, search_type="websearch", config="english")
    return list(
        LivePage.objects.filter(withdrawn=False, search_vector=search)
        .annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "title")
    )


def _search_python(query):
    wanted = [w.removesuffix("s") if len(w) > 3 else w for w in terms(query)]
    patterns = [re.compile(rf"\b{re.escape(w)}", re.IGNORECASE) for w in wanted]
    scored = []
    for page in LivePage.objects.filter(withdrawn=False):
        score = 0
        for pattern in patterns:
            hits = [weight for field, weight in WEIGHTS.items() if pattern.search(getattr(page, field))]
            if not hits:
                score = 0  # every word must match somewhere, as in websearch
                break
            score += sum(hits)
        if score:
            page.rank = score
            scored.append(page)
    return sorted(scored, key=lambda p: (-p.rank, p.title))


def search(query):
    """Live pages matching ``query``, best first."""
    if not terms(query):
        return []
    return _search_postgres(query) if connection.vendor == "postgresql" else _search_python(query)


def suggest(query):
    """A respelling of ``query`` from live vocabulary, or None if nothing better is known."""
    words = terms(query)
    known = set(SearchTerm.objects.filter(term__in=words).values_list("term", flat=True))
    vocabulary = None
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


def snippet(page, query, width=160):
    """A piece of the lead or body around the first match (or of the listed causes, if
    only they match), matches marked, HTML-safe."""
    words = [w for w in terms(query) if len(w) > 1]
    text = f"{page.search_lead} {page.search_body}"
    prefix = ""
    found = _first_match(text, words)
    if found is None and _first_match(page.search_conditions, words) is not None:
        text, prefix = page.search_conditions, "Causes listed include: "
        found = _first_match(text, words)
    start = max(0, (found or 0) - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start  # begin on a word
    end = start + width
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end  # end on a word
    piece = ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
    return _highlight(prefix + piece, words)


def _highlight(text, words):
    """Escape ``text`` and wrap words starting with any of ``words`` in <mark>, in one pass
    over the plain text so a mark is never put inside another mark or an entity."""
    if not words:
        return escape(text)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\w*", re.I
    )
    html, last = [], 0
    for match in pattern.finditer(text):
        html += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    html.append(escape(text[last:]))
    return mark_safe("".join(html))  # noqa: S308 - every piece escaped; only <mark> added


def _first_match(text, words):
    for word in words:
        found = re.search(rf"\b{re.escape(word)}", text, re.IGNORECASE)
        if found:
            return found.start()
    return None
