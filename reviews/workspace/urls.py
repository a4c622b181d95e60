from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("revisions/<int:pk>/", views.revision_detail, name="revision"),
    path("revisions/<int:pk>/decide/", views.decide, name="decide"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("articles/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("reports/<int:pk>/resolve/", views.resolve_report, name="resolve_report"),
]
