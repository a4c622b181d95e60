"""The site's URLs plus a bare view that returns a constant: the framework's floor, served
by the same processes and middleware as the pages it is compared with (bench/serve.py)."""

from django.http import HttpResponse
from django.urls import path


def bare_view(request):
    return HttpResponse("ok")


from symptomsite.urls import urlpatterns as site_urls  # noqa: E402

urlpatterns = [path("bench/bare/", bare_view), *site_urls]  # the site's own list: i18n_patterns only works at the root
