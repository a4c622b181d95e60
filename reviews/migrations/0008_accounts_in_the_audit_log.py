"""Accounts in the audit log (role, password, account and reviewer-profile changes have
no article, so events may name a subject user instead), reviewer profiles identified by
a unique professional registration and display name, and rights that flow from above:
only superusers make reviewers and change what a role may do."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from articles.roles import revoke


def fill_registrations(apps, schema_editor):
    """Profiles made before registration numbers were asked for get a placeholder that a
    superuser must replace, and a display name that two profiles shared is told apart by
    the account's username, so readers never see two reviewers as one."""
    ReviewerProfile = apps.get_model("reviews", "ReviewerProfile")
    seen = set()
    for profile in ReviewerProfile.objects.select_related("user").order_by("pk"):
        profile.registration = f"unverified-{profile.pk}"
        if profile.display_name in seen:
            profile.display_name = f"{profile.display_name} ({profile.user.username})"
        seen.add(profile.display_name)
        profile.save(update_fields=["registration", "display_name"])


def create_roles(apps, schema_editor):
    """Nothing to create here (the roles exist); for the test fixture that reruns role migrations."""


def rights_flow_from_above(apps, schema_editor):
    revoke(apps, "Site admins", "reviews", ["add_reviewerprofile", "change_reviewerprofile", "delete_reviewerprofile"])
    revoke(
        apps,
        "Site admins",
        "auth",
        ["add_group", "change_group", "delete_group", "add_permission", "change_permission", "delete_permission"],
    )


def refuse_to_drop_account_events(apps, schema_editor):
    """Going back would need every account event to belong to an article; they do not,
    and deleting them would break the audit chain."""
    if apps.get_model("reviews", "ReviewEvent").objects.filter(article__isnull=True).exists():
        raise RuntimeError("The audit log holds account events; reviews.0008 cannot be reversed without losing them.")


ACTIONS = [
    ("submit", "Submitted for review"),
    ("approve", "Approved"),
    ("request_changes", "Changes requested"),
    ("confirm", "Confirmed still accurate"),
    ("withdraw", "Withdrawn"),
    ("gloss_change", "Condition changed"),
    ("role_change", "Roles or permissions changed"),
    ("password_change", "Password changed"),
    ("account_change", "Account changed"),
    ("profile_change", "Reviewer profile changed"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_content_history"),
        ("reviews", "0007_revision_contributors_help"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewerprofile",
            name="registration",
            field=models.CharField(default="", max_length=60, verbose_name="professional registration"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_registrations, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reviewerprofile",
            name="registration",
            field=models.CharField(
                help_text="The regulator and number that prove who this clinician is, e.g. “GMC 7012345” or "
                "“NPI 1234567890”; checked by a superuser before the profile is made.",
                max_length=60,
                unique=True,
                verbose_name="professional registration",
            ),
        ),
        migrations.AlterField(
            model_name="reviewerprofile",
            name="display_name",
            field=models.CharField(
                help_text="As readers see it, e.g. “Dr Rosa Reyes”. No two reviewers share one.",
                max_length=150,
                unique=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewerprofile",
            constraint=models.CheckConstraint(condition=~models.Q(registration=""), name="reviewer_registration_not_empty"),
        ),
        migrations.AddField(
            model_name="reviewevent",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                help_text="The account an account event is about.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="reviewevent",
            name="action",
            field=models.CharField(choices=ACTIONS, max_length=20),
        ),
        migrations.AlterField(
            model_name="reviewevent",
            name="article",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="review_events",
                to="articles.article",
            ),
        ),
        # Reversed before the field above is made required again.
        migrations.RunPython(migrations.RunPython.noop, refuse_to_drop_account_events),
        migrations.RunPython(rights_flow_from_above, migrations.RunPython.noop),
    ]
