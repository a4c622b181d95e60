"""Every write to content is recorded with its author (ContentChange), and the article's
category and related-article links become models of their own so that writes to them are
recorded too. The link tables already exist (Django made them for the plain
many-to-many fields); only Django's picture of them changes."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0010_move_review_state_to_reviews"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleCategory",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="articles.article")),
                        ("category", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="articles.category")),
                    ],
                    options={"db_table": "articles_article_categories", "unique_together": {("article", "category")}},
                ),
                migrations.AlterField(
                    model_name="article",
                    name="categories",
                    field=models.ManyToManyField(blank=True, related_name="articles", through="articles.ArticleCategory", to="articles.category"),
                ),
                migrations.CreateModel(
                    name="RelatedArticle",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("from_article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.article")),
                        ("to_article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.article")),
                    ],
                    options={"db_table": "articles_article_related", "unique_together": {("from_article", "to_article")}},
                ),
                migrations.AlterField(
                    model_name="article",
                    name="related",
                    field=models.ManyToManyField(blank=True, related_name="+", through="articles.RelatedArticle", through_fields=("from_article", "to_article"), to="articles.article", verbose_name="related articles"),
                ),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="ContentChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=40)),
                ("object_id", models.BigIntegerField(null=True)),
                ("owner_article_id", models.BigIntegerField(help_text="The article the record belongs to; empty for shared records (conditions, categories).", null=True)),
                ("action", models.CharField(choices=[("created", "created"), ("changed", "changed"), ("deleted", "deleted")], max_length=10)),
                ("fields", models.JSONField(default=list, help_text="Names of the fields written.")),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("actor", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-changed_at", "-pk"],
                "indexes": [
                    models.Index(fields=["owner_article_id", "changed_at"], name="change_by_article"),
                    models.Index(fields=["model", "object_id", "changed_at"], name="change_by_record"),
                ],
            },
        ),
    ]
