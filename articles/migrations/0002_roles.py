"""Create the Editors and Site admins groups so every fresh database has them."""

from django.db import migrations

from articles.roles import create_permissions_now, grant

CONTENT_MODELS = ["category", "article", "section", "entrygroup", "entry", "condition", "reference"]
ACTIONS = ["add", "change", "delete", "view"]


def create_roles(apps, schema_editor):
    content = [f"{action}_{model}" for action in ACTIONS for model in CONTENT_MODELS]
    grant(apps, "Editors", "articles", content)
    grant(apps, "Site admins", "articles", content)
    create_permissions_now(apps)
    Permission = apps.get_model("auth", "Permission")
    apps.get_model("auth", "Group").objects.get(name="Site admins").permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", content_type__model__in=["user", "group"])
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Site admins"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
