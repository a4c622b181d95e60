"""Editors and site admins keep the library of warning signs, as they keep conditions."""

from django.db import migrations

from articles.roles import grant, revoke

CODENAMES = [f"{action}_warningsign" for action in ("add", "change", "delete", "view")]


def forwards(apps, schema_editor):
    for group in ("Editors", "Site admins"):
        grant(apps, group, "articles", CODENAMES)


def backwards(apps, schema_editor):
    for group in ("Editors", "Site admins"):
        revoke(apps, group, "articles", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_care_advice_is_a_sign")]

    operations = [migrations.RunPython(forwards, backwards)]
