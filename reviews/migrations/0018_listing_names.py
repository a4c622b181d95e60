"""Names a newcomer can tell apart: a publication's categories are its CategoryListing
rows (beside its ConditionListing rows); the one row per condition or category that
public articles list is its ConditionSummary or CategorySummary."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0017_search_tiers"), ("articles", "0015_care_advice_roles")]

    operations = [
        migrations.RenameModel("PublishedCategory", "CategoryListing"),
        migrations.RenameModel("PublicCondition", "ConditionSummary"),
        migrations.RenameModel("PublicCategory", "CategorySummary"),
        migrations.RenameIndex("conditionsummary", new_name="conditionsummary_letter", old_name="publiccondition_letter"),
        migrations.RemoveConstraint("categorylisting", "published_category_unique"),
        migrations.AddConstraint(
            "categorylisting",
            models.UniqueConstraint(fields=["publication", "slug"], name="categorylisting_unique"),
        ),
    ]
