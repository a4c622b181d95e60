"""Create the Editors and Site admins groups so every fresh database has them."""

from django.db import migrations

CONTENT_MODELS = ["category", "article", "section", "entrygroup", "entry", "condition", "reference"]
ACTIONS = ["add", "change", "delete", "view"]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make them now so the
    # groups can hold them.
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = Permission.objects.filter(
        content_type__app_label="articles",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in CONTENT_MODELS],
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*content)
    site_admins, _ = Group.objects.get_or_create(name="Site admins")
    site_admins.permissions.add(*content)
    site_admins.permissions.add(
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
