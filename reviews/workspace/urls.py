from django.urls import path

from . import translation_views, views

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
    path("translations/<int:pk>/", translation_views.translation_detail, name="translation"),
    path("translations/<int:pk>/decide/", translation_views.decide_translation, name="decide_translation"),
]
