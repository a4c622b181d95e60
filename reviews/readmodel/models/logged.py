"""What the article page and the API check of a publication against the public review
log (reviews/provenance/log.py): the article's newest statement, read with the snapshot
(Publication.signed_document), must say what the row says."""

from typing import Any

from reviews.provenance import statements
from reviews.provenance.models import LogEntry


class AgreesWithLog:
    """Publication's checks against the review log."""

    article_id: Any
    revision_id: Any
    content_hash: str
    slug: str
    reviewer_name: str
    reviewer_credentials: str
    last_reviewed: Any
    next_review_due: Any
    _newest_statement: list[Any]

    @property
    def log_index(self) -> int | None:
        """The index of the article's newest statement in the review log, as signed_document read it."""
        newest = getattr(self, "_newest_statement", None)
        return newest[0] if newest else None

    @property
    def statement_envelope(self) -> str:
        """The article's newest statement in the review log (its leaf), as signed_document read it."""
        return str(self._newest_statement[2])

    def agrees_with_log(self) -> bool:
        """Whether the article's newest statement in the review log (read by
        signed_document) is this live publication's: the same revision and content hash,
        reviewer, credentials and review dates, and its leaf hash is its text's. An older
        row written back, or one whose byline or dates were edited, is not."""
        newest = getattr(self, "_newest_statement", None)  # read with the snapshot (signed_document)
        if newest is None:
            statement = LogEntry.objects.filter(article_id=self.article_id, language="").order_by("-index")
            newest = statement.values_list("index", "revision_id", "envelope", "leaf_hash").first() or (None,) * 4
        _, revision_id, envelope, stored_hash = newest
        if envelope is None or revision_id != self.revision_id:
            return False
        return statements.says(
            envelope,
            str(stored_hash),
            content_hash=self.content_hash,
            slug=self.slug,
            reviewer=(self.reviewer_name, self.reviewer_credentials),
            dates=(self.last_reviewed, self.next_review_due),
        )
