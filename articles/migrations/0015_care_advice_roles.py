"""Editors and site admins write "when to get help" as they write the rest of an article.

0013 added CareAdvice without granting its permissions, so the article page showed the
block to superusers only and editors could not write it."""

from django.db import migrations

from articles.roles import grant, revoke

CODENAMES = [f"{action}_careadvice" for action in ("add", "change", "delete", "view")]


def forwards(apps, schema_editor):
    for group in ("Editors", "Site admins"):
        grant(apps, group, "articles", CODENAMES)


def backwards(apps, schema_editor):
    for group in ("Editors", "Site admins"):
        revoke(apps, group, "articles", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_edit_sessions")]

    operations = [migrations.RunPython(forwards, backwards)]
