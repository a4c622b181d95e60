"""Role groups for data migrations: make permissions exist, then grant them to a group.

Django creates permissions after all migrations have run; a migration that grants them
must create them first. One helper, used by every role migration (any app)."""

from django.contrib.auth.management import create_permissions


def create_permissions_now(apps):
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module


def grant(apps, group_name, app_label, codenames):
    """Give ``group_name`` (created if missing) the ``app_label`` permissions named."""
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    return group


def revoke(apps, group_name, app_label, codenames):
    """Take the ``app_label`` permissions named away from ``group_name`` (if it exists)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
