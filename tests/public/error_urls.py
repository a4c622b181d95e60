"""A URL that fails, for the 500 page's test, beside the site's own."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("a failure for the test")


urlpatterns = [path("boom/", boom), path("", include("symptomsite.urls"))]
handler500 = "symptomsite.errors.server_error"
