from django.db import migrations

ROLES = {"Medical reviewers": ["view_problemreport", "change_problemreport"],
         "Site admins": ["view_problemreport", "change_problemreport"],
         "Editors": ["view_problemreport"]}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="reviews", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_problem_reports")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
