from django.contrib.sitemaps import Sitemap
from django.db.models import Max

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


SITEMAPS = {"articles": ArticleSitemap, "conditions": ConditionSitemap, "categories": CategorySitemap}
