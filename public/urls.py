from django.urls import path, register_converter

from .feeds import RecentlyReviewedFeed
from .views import citations, navigator, pages, previews, report, search

app_name = "public"


class LetterConverter:
    """An A–Z letter in an address: ``a`` to ``z``, or ``other`` for names starting otherwise."""

    regex = "[a-z]|other"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LetterConverter, "letter")

urlpatterns = [
    path("", pages.home, name="home"),
    path("symptoms/", pages.index, name="index"),
    path("symptoms/a-z/<letter:letter>/", pages.index_letter, name="index_letter"),
    path("symptoms/a-z/<letter:letter>/page/<int:number>/", pages.index_letter, name="index_letter_page"),
    path("symptoms/<slug:slug>/", pages.detail, name="detail"),
    path("symptoms/<slug:slug>/cite.ris", citations.citation_file, {"kind": "ris"}, name="cite_ris"),
    path("symptoms/<slug:slug>/cite.bib", citations.citation_file, {"kind": "bib"}, name="cite_bib"),
    path("symptoms/<slug:slug>/report/", report.report_problem, name="report"),
    path("symptoms/<slug:slug>/report/thanks/", report.report_thanks, name="report_thanks"),
    path("categories/<slug:slug>/", pages.category, name="category"),
    path("categories/<slug:slug>/page/<int:number>/", pages.category, name="category_page"),
    path("conditions/", pages.conditions_index, name="conditions"),
    path("conditions/a-z/<letter:letter>/", pages.conditions_letter, name="conditions_letter"),
    path("conditions/a-z/<letter:letter>/page/<int:number>/", pages.conditions_letter, name="conditions_letter_page"),
    path("conditions/<slug:slug>/", pages.condition, name="condition"),
    path("conditions/<slug:slug>/page/<int:number>/", pages.condition, name="condition_page"),
    path("reviewers/<slug:slug>/", pages.reviewer, name="reviewer"),
    path("reviewers/<slug:slug>/page/<int:number>/", pages.reviewer, name="reviewer_page"),
    path("navigator/", navigator.navigator, name="navigator"),
    path("search/", search.search_view, name="search"),
    path("feeds/reviewed/", RecentlyReviewedFeed(), name="feed"),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("offline/", pages.offline, name="offline"),
    path("preview/articles/<int:pk>/", previews.working_copy, name="preview"),
    path("preview/revisions/<int:pk>/", previews.revision, name="revision_preview"),
]
