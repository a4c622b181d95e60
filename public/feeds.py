import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext, gettext_lazy

from reviews.provenance.models import SignOff
from reviews.readmodel.models import Publication, TranslationPublication, sealed

from . import http
from .search import CONTROL
from .structured import article_path

PUBLISHING = ("approved", "confirmed")  # the sign-offs that put a revision live or keep it live


def printable(text):
    """XML 1.0 cannot carry most control characters; a pasted one must not break the feed."""
    return CONTROL.sub(" ", text)


class RecentlyReviewedFeed(Feed):
    """Atom feed of articles in the order clinicians last signed them off: one entry per
    review, so a feed reader shows a new review (or an annual confirmation) as new. Its id
    is a tag URI (RFC 4151) naming the revision and the review; its time is the sign-off's.
    Under a language's prefix (/es/feeds/reviewed/), the translations readers are offered
    in it, newest review of a translation first."""

    feed_type = Atom1Feed
    in_every_language = True  # symptomsite/languages.py

    def title(self):
        return gettext("%(site)s: recently reviewed articles") % {"site": settings.SITE_NAME}

    subtitle = gettext_lazy("Symptom articles, newest medical review first.")

    def __call__(self, request, *args, **kwargs):
        # A feed reader whose copy is current gets a 304 after one small query; the feed's
        # Last-Modified is the last sign-off or withdrawal (its newest entry's date would
        # miss a withdrawal).
        return http.read_model_page(super().__call__)(request, *args, **kwargs)

    def link(self):
        return reverse("public:home")

    def items(self):
        if get_language() != settings.LANGUAGE_CODE:
            return translated_items(get_language())
        pages = sealed(Publication.objects.public().order_by("-last_reviewed", "title")[:30], whole=True)
        # Each live revision's newest sign-off, as sealed rows say it (a row whose seal, or
        # whose revision's seal, fails is not read: the entry keeps its sealed review date).
        reviews = (
            SignOff.objects.filter(revision_id__in=[page.revision_id for page in pages], decision__in=PUBLISHING)
            .select_related("revision")
            .defer("revision__snapshot")
            .order_by("signed_at", "pk")
        )
        signed = {
            review.revision_id: (review.revision.number, review.signed_at)
            for review in reviews
            if review.seal_intact() and review.revision.seal_intact()
        }
        for page in pages:
            page.revision_number, page.signed_at = signed.get(page.revision_id, (None, None))  # type: ignore[attr-defined]
        return pages

    def item_guid(self, page):
        authority = urlsplit(settings.SITE_URL).hostname or "localhost"
        if isinstance(page, TranslationPublication):
            specific = f"{article_path(page.slug)}translation-{page.revision.number}"
            return f"tag:{authority},{page.last_reviewed.isoformat()}:{specific}"
        review = page.history[0] if page.history else {"date": page.last_reviewed.isoformat(), "kind": "reviewed"}
        # The revision's number as its sealed row gives it, or else its sealed content hash.
        revision = page.revision_number or f"sha256-{page.content_hash[:12]}"
        specific = f"{article_path(page.slug)}revision-{revision}/{review['kind']}"
        return f"tag:{authority},{review['date']}:{specific}"

    item_guid_is_permalink = False

    def item_link(self, page):
        return article_path(page.slug)

    def item_title(self, page):
        return printable(page.question)

    def item_description(self, page):
        return printable(page.lead)

    def item_author_name(self, page):
        if isinstance(page, TranslationPublication):
            return gettext("Translation reviewed by %(name)s, %(credentials)s") % {
                "name": page.reviewer_name,
                "credentials": page.reviewer_credentials,
            }
        return gettext("Reviewed by %(name)s, %(credentials)s") % {
            "name": page.reviewer_name,
            "credentials": page.reviewer_credentials,
        }

    def item_updateddate(self, page):
        """When the reviewer signed it off (the review date at midnight UTC if no
        sign-off is found, which a sealed publication always has)."""
        signed = getattr(page, "signed_at", None)
        return signed or datetime.datetime.combine(page.last_reviewed, datetime.time(), tzinfo=datetime.UTC)

    item_pubdate = item_updateddate


def translated_items(language):
    """The live translations into ``language`` readers are offered, newest review first."""
    rows = (
        TranslationPublication.objects.offered()
        .filter(language=language)
        .select_related("revision")
        .defer("revision__snapshot")
        .order_by("-last_reviewed", "title")[:30]
    )
    return [row for row in rows if row.seal_intact()]
