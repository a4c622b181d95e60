from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0014_listing_indexes")]

    operations = []
