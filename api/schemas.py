"""The API's JSON shapes. Field names are part of the contract: add fields, never rename
or remove one within /api/v1/ (tests/api/test_field_names.py pins them)."""

import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class Error(Schema):
    code: str = Field(description="Stable, machine-readable: not_found, withdrawn, invalid_request, ...")
    message: str = Field(description="For people; may change.")


class Problem(Schema):
    location: str = Field(description="Where, e.g. query.limit")
    message: str


class InvalidRequest(Error):
    errors: list[Problem]


class Withdrawn(Error):
    withdrawn_at: datetime.datetime


class Reviewer(Schema):
    name: str
    credentials: str = Field(description="As the reviewer held them on the day of the sign-off.")
    slug: str
    url: str


class Signature(Schema):
    algorithm: Literal["Ed25519"]
    key_id: str = Field(description="Which published key made it (keys_url).")
    value: str = Field(description="The 64-byte signature, base64.")


class ReviewHistoryItem(Schema):
    date: datetime.date
    kind: str = Field(description="approved (a new revision went live) or confirmed (still accurate)")
    reviewer: str
    credentials: str


class ArticleSummary(Schema):
    slug: str
    title: str
    question: str
    lead: str
    url: str = Field(description="The article page.")
    api_url: str
    revision: int
    content_hash: str = Field(description="SHA-256 (hex) of the live revision's canonical JSON.")
    last_reviewed: datetime.date
    next_review_due: datetime.date
    reviewer: Reviewer


class Citation(Schema):
    ama: str = Field(description="AMA style; the accessed date is left as a gap for the reader.")
    apa: str = Field(description="APA style, plain text (the title is italic in print).")
    ris_url: str = Field(description="The citation as an RIS file, for reference managers.")
    bibtex_url: str = Field(description="The citation as a BibTeX entry.")


class Envelope(Schema):
    payloadType: Literal["application/vnd.in-toto+json"]  # noqa: N815 - DSSE's field names
    payload: str = Field(description="The in-toto Statement (canonical JSON), base64.")
    signatures: list[dict[str, str]] = Field(description="DSSE signatures: keyid and sig (base64 Ed25519).")


class LogProof(Schema):
    index: int = Field(description="The statement's leaf index in the review log.")
    tree_size: int
    inclusion_proof: list[str] = Field(description="RFC 9162 audit path, base64 hashes, leaf to root.")
    checkpoint: str = Field(description="The signed tree head (a C2SP checkpoint) the proof leads to.")


class ArticleDetail(Schema):
    slug: str
    title: str
    question: str
    url: str
    revision: int = Field(description="The number of the live revision.")
    content_hash: str = Field(description="SHA-256 (hex) of `document` as canonical JSON.")
    signature: Signature | None = Field(
        description="Ed25519 signature of `document` as canonical JSON (the bytes whose SHA-256 is content_hash), "
        "made at sign-off; null if the site had no signing key then."
    )
    reviewer: Reviewer
    last_reviewed: datetime.date
    next_review_due: datetime.date
    review_overdue: bool
    review_history: list[ReviewHistoryItem] = Field(description="Sign-offs that made or kept it live, newest first.")
    keys_url: str = Field(description="The public keys that verify `signature`.")
    citation: Citation = Field(description="How to cite the article: what its page offers as “Cite this page”.")
    statement: Envelope = Field(
        description="The signed review statement that made the article what it is: an in-toto Statement in a DSSE "
        "envelope, naming the document's SHA-256, the revision, the decision, the reviewer (name, credentials, "
        "registration), the time and the review dates. The reviewer and dates above are checked equal to it."
    )
    log: LogProof = Field(description="Where the statement is in the public review log, and the proof of it.")
    document: dict[str, Any] = Field(
        description="The live revision's document exactly as signed off (its `schema` field gives its version). "
        "Canonical JSON: keys sorted, no whitespace, UTF-8, non-ASCII unescaped."
    )


class Page(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


class ArticlePage(Page):
    results: list[ArticleSummary]


class ConditionSummary(Schema):
    slug: str
    name: str
    gloss: str
    also_called: list[str]
    lay_terms: list[str]
    codes: dict[str, str] = Field(description="icd10, snomed_ct, mesh: those given.")
    url: str
    api_url: str


class ConditionPage(Page):
    results: list[ConditionSummary]


class ListingArticle(Schema):
    slug: str
    title: str
    url: str
    api_url: str
    section: str
    group: str
    urgency: str = Field(description="normal, soon or emergency, as this article lists the condition")
    likelihood: str = Field(description="common, less common, rare, or empty")


class ConditionDetail(ConditionSummary):
    own_article: str | None = Field(description="Slug of the condition's own article, if it has one.")
    articles: list[ListingArticle] = Field(description="The live articles that list it, and how.")


class Category(Schema):
    slug: str
    name: str
    article_count: int
    url: str
    articles_url: str


class CategoryList(Schema):
    results: list[Category]


class ReviewerProfile(Schema):
    slug: str
    name: str
    credentials: str
    specialty: str
    bio: str
    url: str
    articles_url: str = Field(description="Live articles this reviewer last signed off.")


class ReviewerPage(Page):
    results: list[ReviewerProfile]


class PublicKey(Schema):
    key_id: str
    algorithm: Literal["Ed25519"]
    public_key: str = Field(description="The 32-byte public key, base64.")
    public_key_pem: str
    jwk: dict[str, str]
    status: Literal["current", "retired"]


class Keys(Schema):
    site: str
    signed: str = Field(description="What a signature covers.")
    keys: list[PublicKey]


class TranslationSummary(Schema):
    slug: str
    language: str = Field(description="The language of the translation, e.g. es.")
    title: str
    question: str
    lead: str
    url: str = Field(description="The translated article page.")
    api_url: str
    revision: int = Field(description="The number of the live translation revision.")
    content_hash: str = Field(description="SHA-256 (hex) of the translated document's canonical JSON.")
    translation_of: str = Field(description="SHA-256 (hex) of the English document it translates.")
    stale: bool = Field(description="The English changed since it was translated.")
    last_reviewed: datetime.date = Field(description="When a clinician signed off the translation.")
    reviewer: Reviewer


class TranslationPage(Page):
    results: list[TranslationSummary]


class TranslationOf(Schema):
    content_hash: str = Field(description="SHA-256 (hex) of the English document translated.")
    api_url: str = Field(description="The English article now.")


class TranslationDetail(Schema):
    slug: str
    language: str
    title: str
    question: str
    url: str
    revision: int = Field(description="The number of the live translation revision.")
    content_hash: str = Field(description="SHA-256 (hex) of `document` as canonical JSON.")
    signature: Signature | None = Field(description="The site's Ed25519 signature of `document`'s canonical JSON.")
    translation_of: TranslationOf
    stale: bool = Field(description="The English changed since: the translation does not include that change.")
    english_changed_on: datetime.date | None
    translators: list[str]
    reviewer: Reviewer = Field(description="The clinician who reviewed the translation.")
    last_reviewed: datetime.date
    keys_url: str
    statement: Envelope = Field(
        description="The signed statement of the translation's review: the language, the translated and the English "
        "documents' hashes, the translators and the reviewer (predicate translation-review/v1)."
    )
    log: LogProof = Field(description="Where the statement is in the public review log, and the proof of it.")
    document: dict[str, Any] = Field(description="The translated document exactly as signed off.")
