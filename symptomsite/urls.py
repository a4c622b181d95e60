from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from two_factor.urls import urlpatterns as two_factor_urls

from public import sitemaps
from public.http import read_model_page
from reviews.accounts.security import disable_second_factor

admin.site.site_header = f"{settings.SITE_NAME} editorial"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Content and review"

# A refusal says why and where the user can work instead, in the site's style.
handler403 = "symptomsite.errors.permission_denied"
handler500 = "symptomsite.errors.server_error"


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the SVG."""
    response = redirect(static("favicon.svg"))
    patch_cache_control(response, max_age=86400)
    return response


urlpatterns = [
    # Readers' pages first: Django tries patterns in order, and a reader's request would
    # otherwise be matched against every admin and API route before its own (a third of
    # a cached article's time). No public route shares a prefix with the others.
    # Every language under its prefix (/es/), English at the root (symptomsite/languages.py).
    *i18n_patterns(path("", include("public.urls")), prefix_default_language=False),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("review/", include("reviews.workspace.urls")),
    path("account/two_factor/disable/", disable_second_factor),  # before the library's own
    path("", include(two_factor_urls)),  # /account/login/, /account/two_factor/ (setup, recovery codes)
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", require_safe(read_model_page(sitemaps.index)), name="sitemap"),
    path(
        "sitemap-<slug:section>-<int:number>.xml",
        require_safe(read_model_page(sitemaps.section)),
        name="sitemap_section",
    ),
    path("", include("api.urls")),  # /api/v1/ and /.well-known/symptomsite-keys.json
]
