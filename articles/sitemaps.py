from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import LiveMention, LivePage


class ArticleSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return LivePage.objects.filter(withdrawn=False).order_by("slug")

    def lastmod(self, page):
        return page.last_reviewed


class ConditionSitemap(Sitemap):
    def items(self):
        return list(
            LiveMention.objects.filter(page__withdrawn=False)
            .values("condition_slug")
            .annotate(lastmod=Max("page__last_reviewed"))
            .order_by("condition_slug")
        )

    def location(self, item):
        return reverse("articles:condition", args=[item["condition_slug"]])

    def lastmod(self, item):
        return item["lastmod"]


class CategorySitemap(Sitemap):
    def items(self):
        lastmod = {}
        for shown, reviewed in LivePage.objects.filter(withdrawn=False).values_list("category_names", "last_reviewed"):
            for slug in shown:
                lastmod[slug] = max(reviewed, lastmod.get(slug, reviewed))
        return [{"slug": slug, "lastmod": lastmod[slug]} for slug in sorted(lastmod)]

    def location(self, item):
        return reverse("articles:category", args=[item["slug"]])

    def lastmod(self, item):
        return item["lastmod"]


SITEMAPS = {"articles": ArticleSitemap, "conditions": ConditionSitemap, "categories": CategorySitemap}
