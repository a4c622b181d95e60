import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reviews.readmodel.models import Publication, sealed

from . import http
from .search import CONTROL
from .structured import article_path


def printable(text):
    """XML 1.0 cannot carry most control characters; a pasted one must not break the feed."""
    return CONTROL.sub(" ", text)


class RecentlyReviewedFeed(Feed):
    """Atom feed of articles in the order clinicians last signed them off."""

    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: recently reviewed articles"
    subtitle = "Symptom articles, newest medical review first."

    def __call__(self, request, *args, **kwargs):
        # A feed reader whose copy is current gets a 304 after one small query; the feed's
        # Last-Modified is the last sign-off or withdrawal (its newest entry's date would
        # miss a withdrawal).
        return http.read_model_page(super().__call__)(request, *args, **kwargs)

    def link(self):
        return reverse("public:home")

    def items(self):
        return sealed(Publication.objects.public().order_by("-last_reviewed", "title")[:30], whole=True)

    def item_link(self, page):
        return article_path(page.slug)

    def item_title(self, page):
        return printable(page.question)

    def item_description(self, page):
        return printable(page.lead)

    def item_author_name(self, page):
        return f"Reviewed by {page.reviewer_name}, {page.reviewer_credentials}"

    def item_updateddate(self, page):
        return datetime.datetime.combine(page.last_reviewed, datetime.time(), tzinfo=datetime.UTC)

    item_pubdate = item_updateddate
