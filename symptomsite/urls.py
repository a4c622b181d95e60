from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from two_factor.urls import urlpatterns as two_factor_urls

from public.sitemaps import SITEMAPS
from reviews.security import disable_second_factor

admin.site.site_header = "SymptomSite editorial"
admin.site.site_title = "SymptomSite admin"
admin.site.index_title = "Content and review"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("review/", include("reviews.urls")),
    path("account/two_factor/disable/", disable_second_factor),  # before the library's own
    path("", include(two_factor_urls)),  # /account/login/, /account/two_factor/ (setup, recovery codes)
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("public.urls")),
]
