"""Search and the symptom navigator at 10,000 articles. The navigator finds symptoms by
the start of their title and by a part of it (``title__istartswith`` and
``title__icontains``, which PostgreSQL runs as ``UPPER(title::text) LIKE UPPER('…%')``
and ``… LIKE UPPER('%…%')``): a b-tree index with pattern operators answers the first, a
trigram index on the same expression the second, without reading every title. Search's
"did you mean" already has its trigram index on the vocabulary (reviews.0006) and
full-text search its GIN indexes (reviews.0006, reviews.0010); SQLite needs nothing
new (its FTS5 tables are their own index, and the vocabulary is read by a range of its
unique index). No model field changes, so the model state is untouched."""

from django.db import migrations

POSTGRES_INDEXES = [
    (
        "CREATE INDEX IF NOT EXISTS publication_title_upper ON reviews_publication "
        "(UPPER(title::text) text_pattern_ops)",
        "DROP INDEX IF EXISTS publication_title_upper",
    ),
    (
        "CREATE INDEX IF NOT EXISTS publication_title_trgm ON reviews_publication "
        "USING gin ((UPPER(title::text)) gin_trgm_ops)",
        "DROP INDEX IF EXISTS publication_title_trgm",
    ),
]


def create_indexes(apps, schema_editor):
    # pg_trgm is created by articles.0006; SQLite has no GIN indexes.
    if schema_editor.connection.vendor == "postgresql":
        for create, _ in POSTGRES_INDEXES:
            schema_editor.execute(create)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _, drop in POSTGRES_INDEXES:
            schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0014_listing_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
