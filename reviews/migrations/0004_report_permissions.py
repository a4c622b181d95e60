from django.db import migrations

from articles.roles import grant

ROLES = {"Medical reviewers": ["view_problemreport", "change_problemreport"],
         "Site admins": ["view_problemreport", "change_problemreport"],
         "Editors": ["view_problemreport"]}


def create_roles(apps, schema_editor):
    for name, codenames in ROLES.items():
        grant(apps, name, "reviews", codenames)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_problem_reports")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
