"""The site's URLs plus a bare view that returns a constant: the framework's floor, served
by the same processes and middleware as the pages it is compared with (bench/serve.py)."""

from django.http import HttpResponse
from django.urls import include, path


def bare_view(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_view), path("", include("symptomsite.urls"))]
