from django.urls import path

from . import views
from .feeds import RecentlyReviewedFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("symptoms/", views.index, name="index"),
    path("symptoms/<slug:slug>/", views.detail, name="detail"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("conditions/", views.conditions_index, name="conditions"),
    path("conditions/<slug:slug>/", views.condition, name="condition"),
    path("navigator/", views.navigator, name="navigator"),
    path("search/", views.search_view, name="search"),
    path("feeds/reviewed/", RecentlyReviewedFeed(), name="feed"),
    path("robots.txt", views.robots_txt, name="robots"),
]
