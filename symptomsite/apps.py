from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class SymptomSiteConfig(AppConfig):
    """The project package as an app, so its deployment checks are registered."""

    default = True  # this module holds other apps' configs too (below)
    name = "symptomsite"
    verbose_name = "SymptomSite"

    def ready(self):
        from . import checks  # noqa: F401


# The sign-in libraries' apps, named as the admin home lists them for the people who use
# it (the libraries' own labels read "AXES", "OTP_STATIC" and "OTP_TOTP").
class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = "Sign-in attempts and lockouts"


class AuthenticatorAppsConfig(TOTPConfig):
    verbose_name = "Second factor: authenticator apps"


class BackupCodesConfig(StaticConfig):
    verbose_name = "Second factor: backup codes"
