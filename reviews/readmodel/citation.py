""" "Cite this page": one article's citation in AMA and APA style, and as RIS and BibTeX
files for reference managers.

Made from the publication only (title, reviewer, last review, address), so a citation
always names what readers see and who signed it off; the article page and the content
API both use it. The accessed date is the reader's
to fill in: it is left as a gap in the styles and out of the files.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import override

from .models import Publication, TranslationPublication

ACCESSED_GAP = "[date you read it]"
# A translation's citation is in its language: these words and its dates (Citation.language).
WORDS = {
    "en": {"by": "Medically reviewed by", "reviewed": "Reviewed", "accessed": "Accessed", "retrieved": "Retrieved",
           "from": "from", "gap": ACCESSED_GAP, "last": "last reviewed"},
    "es": {"by": "Traducción revisada por", "reviewed": "Revisada el", "accessed": "Consultado el",
           "retrieved": "Recuperado el", "from": "de", "gap": "[fecha en que lo leyó]", "last": "revisada el"},
}  # fmt: skip


@dataclass(frozen=True)
class Citation:
    slug: str
    title: str  # the page heading, "What causes muscle atrophy?"
    site: str
    reviewer: str  # "Dr Rosa Reyes"
    credentials: str  # "MD, FACS"
    reviewed: date
    url: str
    language: str = "en"  # the page cited: "es" for a translation, whose citation is in Spanish

    @property
    def words(self) -> dict[str, str]:
        return WORDS.get(self.language, WORDS["en"])

    @classmethod
    def of_translation(cls, row: TranslationPublication) -> "Citation":
        """The citation of a translation: its page, its title, the clinician who reviewed the
        translation and when, in its language."""
        with override(row.language):
            url = settings.SITE_URL + reverse("public:detail", args=[row.slug])
        return cls(
            slug=row.slug,
            title=row.question or row.title,
            site=settings.SITE_NAME,
            reviewer=row.reviewer_name,
            credentials=row.reviewer_credentials,
            reviewed=row.last_reviewed,
            url=url,
            language=row.language,
        )

    @classmethod
    def of(cls, publication: Publication) -> "Citation":
        return cls(
            slug=publication.slug,
            title=publication.question or publication.title,
            site=settings.SITE_NAME,
            reviewer=publication.reviewer_name,
            credentials=publication.reviewer_credentials,
            reviewed=publication.last_reviewed,
            url=settings.SITE_URL + reverse("public:detail", args=[publication.slug]),
        )

    @property
    def reviewed_by(self) -> str:
        return f"{self.reviewer}, {self.credentials}" if self.credentials else self.reviewer

    def ama(self) -> str:
        """AMA 11th edition, a web page with no named author: title, site, reviewer,
        date of the last review, accessed date, address."""
        w = self.words
        return (
            f"{_end(self.title)} {self.site}. {w['by']} {self.reviewed_by}. "
            f"{w['reviewed']} {self._date('F j, Y')}. {w['accessed']} {w['gap']}. {self.url}"
        )

    def _date(self, pattern: str) -> str:
        """The review date as the citation's language writes it."""
        if self.language == "en":
            return _english_date(self.reviewed, pattern)
        with override(self.language):
            return format_date(self.reviewed, "j \\d\\e F \\d\\e Y" if "Y" in pattern else "j \\d\\e F")

    def apa(self) -> SafeString:
        """APA 7th edition, a page on a website whose content is updated: the site as
        author, the review date, the title in italics, a retrieval date."""
        return format_html(self._apa_pattern("<i>{}</i>"), *self._apa_parts())

    def apa_text(self) -> str:
        """The APA citation as plain text (the title's italics are the reader's to add)."""
        return self._apa_pattern("{}").format(*self._apa_parts())

    def _apa_pattern(self, title: str) -> str:
        w = self.words
        return "{}. ({}, {}). " + title + f" ({w['by']} {{}}). {w['retrieved']} {{}}, {w['from']} {{}}"

    def _apa_parts(self) -> tuple[object, ...]:
        w = self.words
        return (self.site, self.reviewed.year, self._date("F j"), self.title, self.reviewed_by, w["gap"], self.url)

    def ris(self) -> str:
        """RIS (Research Information Systems), type ELEC; CRLF line ends as the format says."""
        lines = [
            ("TY", "ELEC"),
            ("TI", self.title),
            ("T2", self.site),
            ("PB", self.site),
            ("PY", str(self.reviewed.year)),
            ("DA", self.reviewed.strftime("%Y/%m/%d")),
            ("UR", self.url),
            ("N1", f"{self.words['by']} {self.reviewed_by}; {self.words['last']} {self.reviewed.isoformat()}."),
            *([("LA", self.language)] if self.language != "en" else []),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)

    def bibtex(self) -> str:
        """BibTeX @misc, with the characters TeX treats as commands escaped."""
        key = f"{_key(self.site)}-{self.slug}-{self.reviewed.year}"
        fields = [
            ("title", _tex(self.title)),
            ("author", "{" + _tex(self.site) + "}"),  # a corporate author: one name, not split
            ("year", str(self.reviewed.year)),
            ("month", self.reviewed.strftime("%b").lower()),
            ("url", self.url),
            ("howpublished", r"\url{" + self.url + "}"),
            ("note", _tex(f"{self.words['by']} {self.reviewed_by}; {self.words['last']} {self.reviewed.isoformat()}")),
            *([("language", LANGUAGE_NAMES.get(self.language, self.language))] if self.language != "en" else []),
        ]
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields
        )
        return f"@misc{{{key},\n{body}\n}}\n"


LANGUAGE_NAMES = {"es": "spanish"}  # as BibTeX's language field (babel) names them


def _end(text: str) -> str:
    """A title ends with its own question mark or full stop, never both."""
    return text if text.endswith(("?", ".", "!")) else f"{text}."


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: str) -> str:
    return "".join(TEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def _english_date(day: date, pattern: str) -> str:
    """``day`` with English month names, whatever language the page around the citation
    is in: a citation cites the English article, in English."""
    with override("en-us"):
        return format_date(day, pattern)
