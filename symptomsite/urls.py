from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "SymptomSite editorial"
admin.site.site_title = "SymptomSite admin"
admin.site.index_title = "Content and review"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
    path("", include("articles.urls")),
]
