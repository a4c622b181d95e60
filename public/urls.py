from django.urls import path

from .feeds import RecentlyReviewedFeed
from .views import citations, navigator, pages, previews, report, search

app_name = "public"

urlpatterns = [
    path("", pages.home, name="home"),
    path("symptoms/", pages.index, name="index"),
    path("symptoms/<slug:slug>/", pages.detail, name="detail"),
    path("symptoms/<slug:slug>/cite.ris", citations.citation_file, {"kind": "ris"}, name="cite_ris"),
    path("symptoms/<slug:slug>/cite.bib", citations.citation_file, {"kind": "bib"}, name="cite_bib"),
    path("symptoms/<slug:slug>/report/", report.report_problem, name="report"),
    path("symptoms/<slug:slug>/report/thanks/", report.report_thanks, name="report_thanks"),
    path("categories/<slug:slug>/", pages.category, name="category"),
    path("conditions/", pages.conditions_index, name="conditions"),
    path("conditions/<slug:slug>/", pages.condition, name="condition"),
    path("reviewers/<slug:slug>/", pages.reviewer, name="reviewer"),
    path("navigator/", navigator.navigator, name="navigator"),
    path("search/", search.search_view, name="search"),
    path("feeds/reviewed/", RecentlyReviewedFeed(), name="feed"),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("preview/articles/<int:pk>/", previews.working_copy, name="preview"),
    path("preview/revisions/<int:pk>/", previews.revision, name="revision_preview"),
]
