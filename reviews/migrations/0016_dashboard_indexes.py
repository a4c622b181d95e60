from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0015_search_scale")]

    operations = []
