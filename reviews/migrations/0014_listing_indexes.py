"""Listing summaries and indexes for listings at 10,000 articles: each publication's A–Z
letter, one row per public condition and per category (reviews/listings.py writes them
at every sign-off and withdrawal), and partial indexes for A–Z by letter and the home
page's recently reviewed list. The new rows are filled from the read model here."""

from django.db import migrations, models


def first_letter(name):
    letter = name[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def fill(apps, schema_editor):
    """What reviews/listings.py would write, from the rows already there (one pass over
    the public listings; the last row of each slug in review order names it)."""
    Publication = apps.get_model("reviews", "Publication")
    ConditionListing = apps.get_model("reviews", "ConditionListing")
    PublishedCategory = apps.get_model("reviews", "PublishedCategory")
    PublicCondition = apps.get_model("reviews", "PublicCondition")
    PublicCategory = apps.get_model("reviews", "PublicCategory")
    changed = []
    for publication in Publication.objects.only("pk", "title").iterator(chunk_size=2000):
        publication.letter = first_letter(publication.title)
        changed.append(publication)
    Publication.objects.bulk_update(changed, ["letter"], batch_size=500)

    conditions = {}
    rows = (
        ConditionListing.objects.filter(publication__withdrawn_at__isnull=True)
        .order_by("publication__last_reviewed", "publication_id", "-position")
        .values_list(
            "condition_slug",
            "name",
            "gloss",
            "also_called",
            "codes",
            "own_article",
            "publication_id",
            "publication__last_reviewed",
        )
    )
    for slug, name, gloss, also_called, codes, own, publication, reviewed in rows.iterator(chunk_size=2000):
        found = conditions.setdefault(slug, {"publications": set()})
        found.update(
            name=name, gloss=gloss, also_called=also_called, codes=codes, own_article=own, last=reviewed, by=publication
        )
        found["publications"].add(publication)
    PublicCondition.objects.bulk_create(
        (
            PublicCondition(
                slug=slug,
                name=c["name"],
                letter=first_letter(c["name"]),
                gloss=c["gloss"],
                also_called=c["also_called"],
                codes=c["codes"],
                own_article=c["own_article"],
                article_count=len(c["publications"]),
                last_reviewed=c["last"],
                named_by=c["by"],
            )
            for slug, c in conditions.items()
        ),
        batch_size=500,
    )

    categories = {}
    rows = (
        PublishedCategory.objects.filter(publication__withdrawn_at__isnull=True)
        .order_by("publication__last_reviewed", "publication_id")
        .values_list("slug", "name", "publication_id", "publication__last_reviewed")
    )
    for slug, name, publication, reviewed in rows.iterator(chunk_size=2000):
        found = categories.setdefault(slug, {"publications": set()})
        found.update(name=name, last=reviewed, by=publication)
        found["publications"].add(publication)
    PublicCategory.objects.bulk_create(
        (
            PublicCategory(
                slug=slug,
                name=c["name"],
                article_count=len(c["publications"]),
                last_reviewed=c["last"],
                named_by=c["by"],
            )
            for slug, c in categories.items()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_publication_signatures")]

    operations = [
        migrations.CreateModel(
            name="PublicCategory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=120, unique=True)),
                ("name", models.CharField(max_length=120)),
                ("article_count", models.PositiveIntegerField()),
                ("last_reviewed", models.DateField(help_text="The newest review of an article filed under it.")),
                (
                    "named_by",
                    models.PositiveBigIntegerField(
                        help_text="The publication (article id) whose listing names it: the most recently reviewed."
                    ),
                ),
            ],
            options={"ordering": ["slug"]},
        ),
        migrations.CreateModel(
            name="PublicCondition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=200, unique=True)),
                ("name", models.CharField(max_length=200)),
                (
                    "letter",
                    models.CharField(help_text="First letter of the name, A–Z, or # for any other.", max_length=1),
                ),
                ("gloss", models.CharField(blank=True, max_length=300)),
                ("also_called", models.JSONField(blank=True, default=list)),
                ("codes", models.JSONField(blank=True, default=dict)),
                ("own_article", models.SlugField(blank=True, max_length=200)),
                ("article_count", models.PositiveIntegerField()),
                ("last_reviewed", models.DateField(help_text="The newest review of an article listing it.")),
                (
                    "named_by",
                    models.PositiveBigIntegerField(
                        help_text="The publication (article id) whose listing names it: the most recently reviewed."
                    ),
                ),
            ],
            options={"ordering": ["slug"]},
        ),
        migrations.AddField(
            model_name="publication",
            name="letter",
            field=models.CharField(
                blank=True, help_text="First letter of the title, A–Z, or # for any other.", max_length=1
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=["letter", "title"],
                name="publication_letter",
            ),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=["-last_reviewed", "title"],
                name="publication_recent",
            ),
        ),
        migrations.AddIndex(
            model_name="publiccondition",
            index=models.Index(fields=["letter", "name"], name="publiccondition_letter"),
        ),
        migrations.AddIndex(
            model_name="conditionlisting",
            index=models.Index(fields=["condition_slug", "urgency", "publication"], name="conditionlisting_listed"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
