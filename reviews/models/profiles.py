from django.conf import settings
from django.db import models
from django.db.models import Q


class ReviewerProfile(models.Model):
    """A clinician whose name and credentials appear on the articles they sign off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile")
    slug = models.SlugField(max_length=120, unique=True)
    display_name = models.CharField(
        max_length=150, unique=True, help_text="As readers see it, e.g. “Dr Rosa Reyes”. No two reviewers share one."
    )
    credentials = models.CharField(max_length=120, help_text="E.g. “MD, FACS”.")
    registration = models.CharField(
        "professional registration",
        max_length=60,
        unique=True,
        help_text="The regulator and number that prove who this clinician is, e.g. “GMC 7012345” or “NPI "
        "1234567890”; checked by a superuser before the profile is made.",
    )
    specialty = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True)
    active = models.BooleanField(default=True, help_text="Inactive reviewers cannot sign off.")

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(display_name=""), name="reviewer_name_not_empty"),
            models.CheckConstraint(condition=~Q(credentials=""), name="reviewer_credentials_not_empty"),
            models.CheckConstraint(condition=~Q(registration=""), name="reviewer_registration_not_empty"),
        ]

    def __str__(self):
        return f"{self.display_name}, {self.credentials}"


class ReminderLog(models.Model):
    """One row per reviewer per day a reminder went out, so cron can run it often."""

    reviewer = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    article_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reviewer", "sent_on"], name="one_reminder_per_day")]

    def __str__(self):
        return f"{self.reviewer} reminded on {self.sent_on}"
