"""Print the current second-factor code of a demo account (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .load_demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current 6-digit code for a demo account's second factor (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="admin or reviewer")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code works only with DEBUG on: real accounts use their own authenticator.")
        device = TOTPDevice.objects.filter(user__username=username, name="default", key=DEMO_TOTP_KEY).first()
        if device is None:
            raise CommandError(f"{username} has no demo second factor; run load_demo with DEBUG on first.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:06d}")
