from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_publication_signatures")]

    operations = []
