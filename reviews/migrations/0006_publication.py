"""Publication state gets one owner: the Publication row (live revision and its hash,
review dates, withdrawal), with the read model beside it (categories and conditions as
live revisions show them, search text). Everything is copied from the articles app's
review columns and LivePage/LiveMention/SearchTerm tables, which articles.0010 then
drops; nothing is recomputed, so readers get the same pages before and after."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

POSTGRES_INDEXES = [
    (
        "CREATE INDEX IF NOT EXISTS searchdocument_vector_gin ON reviews_searchdocument USING gin (vector)",
        "DROP INDEX IF EXISTS searchdocument_vector_gin",
    ),
    (
        "CREATE INDEX IF NOT EXISTS reviews_searchterm_trgm ON reviews_searchterm USING gin (term gin_trgm_ops)",
        "DROP INDEX IF EXISTS reviews_searchterm_trgm",
    ),
]


def create_indexes(apps, schema_editor):
    # GIN indexes exist only on PostgreSQL (pg_trgm is created by articles.0006).
    if schema_editor.connection.vendor == "postgresql":
        for create, _ in POSTGRES_INDEXES:
            schema_editor.execute(create)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _, drop in POSTGRES_INDEXES:
            schema_editor.execute(drop)


def copy_publication_state(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Category = apps.get_model("articles", "Category")
    LivePage = apps.get_model("articles", "LivePage")
    LiveMention = apps.get_model("articles", "LiveMention")
    OldSearchTerm = apps.get_model("articles", "SearchTerm")
    Revision = apps.get_model("reviews", "Revision")
    Publication = apps.get_model("reviews", "Publication")
    PublishedCategory = apps.get_model("reviews", "PublishedCategory")
    ConditionListing = apps.get_model("reviews", "ConditionListing")
    SearchDocument = apps.get_model("reviews", "SearchDocument")
    categories = dict(Category.objects.values_list("slug", "pk"))
    pages = {page.article_id: page for page in LivePage.objects.all()}
    for article in Article.objects.filter(live_revision__isnull=False).order_by("pk"):
        page = pages.get(article.pk)
        if page is None:  # every sign-off wrote a live page; a database without one is damaged
            raise RuntimeError(f"Article {article.pk} has a live revision but no live page; restore it first.")
        revision = Revision.objects.get(pk=article.live_revision_id)
        publication = Publication.objects.create(
            article_id=article.pk,
            revision_id=revision.pk,
            content_hash=revision.content_hash,
            last_reviewed=article.last_reviewed,
            next_review_due=article.next_review_due,
            withdrawn_at=article.withdrawn_at,
            withdrawn_reason=article.withdrawn_reason,
            slug=page.slug,
            title=page.title,
            question=page.question,
            lead=page.lead,
            reviewer_name=page.reviewer_name,
            reviewer_credentials=page.reviewer_credentials,
            reviewer_slug=page.reviewer_slug,
            history=page.history,
        )
        PublishedCategory.objects.bulk_create(
            PublishedCategory(publication=publication, slug=slug, name=name, record_id=categories.get(slug))
            for slug, name in page.category_names.items()
        )
        ConditionListing.objects.bulk_create(
            ConditionListing(
                publication=publication,
                record_id=mention.condition_id,
                condition_slug=mention.condition_slug,
                name=mention.name,
                gloss=mention.gloss,
                section_heading=mention.section_heading,
                group_heading=mention.group_heading,
                urgency=mention.urgency,
                position=mention.position,
            )
            for mention in LiveMention.objects.filter(page_id=page.pk).order_by("position")
        )
        SearchDocument.objects.create(
            publication=publication,
            title=page.search_title,
            conditions=page.search_conditions,
            synonyms=page.search_synonyms,
            lead=page.search_lead,
            body=page.search_body,
        )
    apps.get_model("reviews", "SearchTerm").objects.bulk_create(
        [apps.get_model("reviews", "SearchTerm")(term=t) for t in OldSearchTerm.objects.values_list("term", flat=True)]
    )
    apps.get_model("reviews", "PublicationClock").objects.create(pk=1, version=1)
    if schema_editor.connection.vendor == "postgresql":
        SearchDocument.objects.update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("conditions", weight="B", config="english")
            + SearchVector("synonyms", weight="B", config="english")
            + SearchVector("lead", weight="C", config="english")
            + SearchVector("body", weight="D", config="english")
        )


def copy_back(apps, schema_editor):
    """Undo: put the state back on the articles app's tables (which articles.0010's
    reversal has recreated empty)."""
    Article = apps.get_model("articles", "Article")
    LivePage = apps.get_model("articles", "LivePage")
    LiveMention = apps.get_model("articles", "LiveMention")
    OldSearchTerm = apps.get_model("articles", "SearchTerm")
    OldSearchTerm.objects.bulk_create(
        [OldSearchTerm(term=t) for t in apps.get_model("reviews", "SearchTerm").objects.values_list("term", flat=True)]
    )
    for publication in apps.get_model("reviews", "Publication").objects.all():
        Article.objects.filter(pk=publication.article_id).update(
            live_revision_id=publication.revision_id,
            last_reviewed=publication.last_reviewed,
            next_review_due=publication.next_review_due,
            withdrawn_at=publication.withdrawn_at,
            withdrawn_reason=publication.withdrawn_reason,
        )
        search = apps.get_model("reviews", "SearchDocument").objects.get(pk=publication.pk)
        page = LivePage.objects.create(
            article_id=publication.article_id,
            slug=publication.slug,
            title=publication.title,
            question=publication.question,
            lead=publication.lead,
            last_reviewed=publication.last_reviewed,
            next_review_due=publication.next_review_due,
            reviewer_name=publication.reviewer_name,
            reviewer_credentials=publication.reviewer_credentials,
            reviewer_slug=publication.reviewer_slug,
            history=publication.history,
            withdrawn=publication.withdrawn_at is not None,
            withdrawn_reason=publication.withdrawn_reason,
            category_names={c.slug: c.name for c in publication.categories.all()},
            search_title=search.title,
            search_conditions=search.conditions,
            search_synonyms=search.synonyms,
            search_lead=search.lead,
            search_body=search.body,
        )
        LiveMention.objects.bulk_create(
            LiveMention(
                page=page,
                condition_id=listing.record_id,
                condition_slug=listing.condition_slug,
                name=listing.name,
                gloss=listing.gloss,
                section_heading=listing.section_heading,
                group_heading=listing.group_heading,
                urgency=listing.urgency,
                position=listing.position,
            )
            for listing in publication.listings.all()
        )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_search_synonyms_drop_live_categories'),
        ('reviews', '0005_revision_contributors'),
    ]

    operations = [
        migrations.CreateModel(
            name='Publication',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='publication', serialize=False, to='articles.article')),
                ('content_hash', models.CharField(max_length=64, verbose_name='SHA-256 of the live revision')),
                ('last_reviewed', models.DateField(db_index=True)),
                ('next_review_due', models.DateField(db_index=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('withdrawn_reason', models.TextField(blank=True, help_text='Internal: readers get 410 Gone without it.')),
                ('slug', models.SlugField(max_length=200, unique=True)),
                ('title', models.CharField(db_index=True, max_length=200)),
                ('question', models.CharField(max_length=250)),
                ('lead', models.TextField()),
                ('reviewer_name', models.CharField(max_length=150)),
                ('reviewer_credentials', models.CharField(max_length=120)),
                ('reviewer_slug', models.SlugField(max_length=120)),
                ('history', models.JSONField(default=list, help_text='Public review history, newest first: dates and reviewers.')),
                ('revision', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reviews.revision')),
            ],
            options={
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='PublicationClock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=100, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('publication', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search', serialize=False, to='reviews.publication')),
                ('title', models.TextField(blank=True, default='')),
                ('conditions', models.TextField(blank=True, default='')),
                ('synonyms', models.TextField(blank=True, default='', help_text='Matched, never shown: not reviewed.')),
                ('lead', models.TextField(blank=True, default='')),
                ('body', models.TextField(blank=True, default='')),
                ('vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='ConditionListing',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('condition_slug', models.SlugField(max_length=200)),
                ('name', models.CharField(max_length=200)),
                ('gloss', models.CharField(blank=True, max_length=300)),
                ('section_heading', models.CharField(max_length=250)),
                ('group_heading', models.CharField(blank=True, max_length=250)),
                ('urgency', models.CharField(choices=[('normal', 'Normal'), ('soon', 'See a doctor soon'), ('emergency', 'Emergency')], max_length=10)),
                ('position', models.PositiveIntegerField()),
                ('record', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.condition')),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='listings', to='reviews.publication')),
            ],
            options={
                'ordering': ['publication', 'position'],
            },
        ),
        migrations.CreateModel(
            name='PublishedCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=120)),
                ('name', models.CharField(max_length=120)),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='categories', to='reviews.publication')),
                ('record', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.category')),
            ],
            options={
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('publication', 'slug'), name='published_category_unique')],
            },
        ),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(copy_publication_state, copy_back),
    ]
