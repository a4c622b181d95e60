# An article is public exactly when it has a live revision; reviews.0002 turned the
# published ones into revisions waiting for review first.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_review_state"),
        ("reviews", "0002_roles_and_published_articles"),
    ]

    operations = [
        migrations.RemoveField(model_name="article", name="published"),
    ]
