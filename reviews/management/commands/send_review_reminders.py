from django.core.management.base import BaseCommand
from django.utils import timezone

from reviews.operations.reminders import send_reminders


class Command(BaseCommand):
    help = "Email each active reviewer their due and overdue articles (at most one mail per reviewer per day)."

    def handle(self, *args, **options):
        sent, skipped = send_reminders(today=timezone.localdate())
        for profile, count in sent:
            self.stdout.write(f"  sent {profile.display_name}: {count} article{'' if count == 1 else 's'}")
        for profile in skipped:
            self.stdout.write(f"  skipped {profile.display_name}: already reminded today")
        self.stdout.write(self.style.SUCCESS(f"Reminders sent: {len(sent)}."))
