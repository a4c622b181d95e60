from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from reviews.models import ConditionListing, Publication, PublishedCategory

from .paths import slug_path


class ArticleSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Publication.objects.public().order_by("slug").only("slug", "last_reviewed")

    def location(self, page):
        return slug_path("public:detail", page.slug)

    def lastmod(self, page):
        return page.last_reviewed


class ConditionSitemap(Sitemap):
    def items(self):
        return list(
            ConditionListing.objects.public()
            .values("condition_slug")
            .annotate(lastmod=Max("publication__last_reviewed"))
            .order_by("condition_slug")
        )

    def location(self, item):
        return slug_path("public:condition", item["condition_slug"])

    def lastmod(self, item):
        return item["lastmod"]


class CategorySitemap(Sitemap):
    def items(self):
        return list(
            PublishedCategory.objects.filter(publication__withdrawn_at__isnull=True)
            .values("slug")
            .annotate(lastmod=Max("publication__last_reviewed"))
            .order_by("slug")
        )

    def location(self, item):
        return slug_path("public:category", item["slug"])

    def lastmod(self, item):
        return item["lastmod"]


class SitePagesSitemap(Sitemap):
    """Home, the two A–Z pages and the navigator: they change when any article is reviewed."""

    PAGES = ("public:home", "public:index", "public:conditions", "public:navigator")

    def items(self):
        return list(self.PAGES)

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if not hasattr(self, "_newest"):
            self._newest = Publication.objects.public().aggregate(newest=Max("last_reviewed"))["newest"]
        return self._newest


class ReviewerSitemap(Sitemap):
    """A page per reviewer named in a live article's sign-off (what the byline links to)."""

    def items(self):
        return list(
            Publication.objects.public()
            .values("reviewer_slug")
            .annotate(lastmod=Max("last_reviewed"))
            .order_by("reviewer_slug")
        )

    def location(self, item):
        return slug_path("public:reviewer", item["reviewer_slug"])

    def lastmod(self, item):
        return item["lastmod"]


SITEMAPS = {
    "pages": SitePagesSitemap,
    "articles": ArticleSitemap,
    "conditions": ConditionSitemap,
    "categories": CategorySitemap,
    "reviewers": ReviewerSitemap,
}
