"""Reviewer names and registrations unique once folded (ReviewerProfile.name_key and
registration_key): filled for the profiles there are, refusing with the names when two
already fold to the same key."""

import unicodedata

from django.db import migrations, models


def fold(text):
    # As reviews.provenance.models.fold, at the time of this migration.
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def fill_keys(apps, schema_editor):
    ReviewerProfile = apps.get_model("reviews", "ReviewerProfile")
    seen = {"name_key": {}, "registration_key": {}}
    profiles = list(ReviewerProfile.objects.all())
    for profile in profiles:
        profile.name_key, profile.registration_key = fold(profile.display_name), fold(profile.registration)
        for key, shown in (("name_key", profile.display_name), ("registration_key", profile.registration)):
            other = seen[key].setdefault(getattr(profile, key), shown)
            if other != shown:
                raise RuntimeError(
                    f"Reviewer profiles “{other}” and “{shown}” are the same once case, spaces and punctuation "
                    "are set aside: change one in the admin (as a superuser), then migrate again."
                )
    ReviewerProfile.objects.bulk_update(profiles, ["name_key", "registration_key"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0019_report_events")]

    operations = [
        migrations.AddField(
            model_name="reviewerprofile",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=150),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="reviewerprofile",
            name="registration_key",
            field=models.CharField(default="", editable=False, max_length=60),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reviewerprofile",
            name="name_key",
            field=models.CharField(editable=False, max_length=150, unique=True),
        ),
        migrations.AlterField(
            model_name="reviewerprofile",
            name="registration_key",
            field=models.CharField(editable=False, max_length=60, unique=True),
        ),
    ]
