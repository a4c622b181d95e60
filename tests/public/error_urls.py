"""A URL that fails, for the 500 page's test, beside the site's own."""

from django.urls import path

from symptomsite.urls import urlpatterns as site


def boom(request):
    raise RuntimeError("a failure for the test")


urlpatterns = [path("boom/", boom), *site]
handler500 = "symptomsite.errors.server_error"
