from django.urls import path

from . import reports, views

app_name = "reviews"

urlpatterns = [
    path("review/", views.dashboard, name="dashboard"),
    path("review/revisions/<int:pk>/", views.revision_detail, name="revision"),
    path("review/revisions/<int:pk>/render/", views.revision_render, name="revision_render"),
    path("review/revisions/<int:pk>/decide/", views.decide, name="decide"),
    path("review/articles/<int:pk>/", views.article_detail, name="article"),
    path("review/articles/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("review/articles/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("review/reports/<int:pk>/resolve/", views.resolve_report, name="resolve_report"),
    path("reviewers/<slug:slug>/", views.reviewer, name="reviewer"),
    path("symptoms/<slug:slug>/report/", reports.report_problem, name="report"),
    path("symptoms/<slug:slug>/report/thanks/", reports.report_thanks, name="report_thanks"),
]
