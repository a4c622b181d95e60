from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.checks import Tags, register

        from .accounts import audit, security
        from .provenance import signing

        audit.connect()
        register(signing.check_signing_key, Tags.security, deploy=True)
        user_logged_in.connect(security.stamp_on_login, dispatch_uid="stamp-identity-on-login")
