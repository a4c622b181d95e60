"""Search at 10,000 articles, for words that thousands of articles hold: a match's
ranking tier (every word in the title or lay terms; in those or the listed causes; in
those or the lead and care advice; anywhere) is read from a GIN index per tier on
PostgreSQL, as a set of articles, instead of testing the weighted vector of every match
(which reads and decompresses each one). SQLite keeps its FTS5 column filters."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import migrations

TIERS = {
    "tier_a": ("title", "lay"),
    "tier_ab": ("title", "lay", "conditions"),
    "tier_abc": ("title", "lay", "conditions", "lead", "care"),
}


def fill_tiers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    SearchDocument = apps.get_model("reviews", "SearchDocument")
    SearchDocument.objects.using(schema_editor.connection.alias).update(
        **{name: SearchVector(*columns, config="english") for name, columns in TIERS.items()}
    )
    for name in TIERS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS searchdocument_{name}_gin ON reviews_searchdocument USING gin ({name})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TIERS:
            schema_editor.execute(f"DROP INDEX IF EXISTS searchdocument_{name}_gin")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0016_dashboard_indexes")]

    operations = [
        *[
            migrations.AddField(
                model_name="searchdocument", name=name, field=SearchVectorField(editable=False, null=True)
            )
            for name in TIERS
        ],
        migrations.RunPython(fill_tiers, drop_indexes, elidable=False),
    ]
