from django.apps import AppConfig


class SymptomSiteConfig(AppConfig):
    """The project package as an app, so its deployment checks are registered."""

    name = "symptomsite"
    verbose_name = "SymptomSite"

    def ready(self):
        from . import checks  # noqa: F401
