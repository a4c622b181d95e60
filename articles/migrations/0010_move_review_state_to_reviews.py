"""Publication state and the read model now live in reviews (reviews.0006_publication
copied them there first): the content layer keeps only the working copy."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0009_search_synonyms_drop_live_categories"),
        ("reviews", "0006_publication"),
    ]

    # Whole models are deleted (not their fields first), so reversing recreates them as
    # they were and reviews.0006 can copy the state back.
    operations = [
        migrations.DeleteModel(name="LiveMention"),
        migrations.DeleteModel(name="LivePage"),
        migrations.DeleteModel(name="SearchTerm"),
        migrations.RemoveField(model_name="article", name="last_reviewed"),
        migrations.RemoveField(model_name="article", name="live_revision"),
        migrations.RemoveField(model_name="article", name="next_review_due"),
        migrations.RemoveField(model_name="article", name="shared_changes_pending"),
        migrations.RemoveField(model_name="article", name="withdrawn_at"),
        migrations.RemoveField(model_name="article", name="withdrawn_reason"),
    ]
