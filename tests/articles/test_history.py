"""Every write to content is recorded with its author, whatever the path (articles/history.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.editing import edit_token
from articles.history import UnattributedChange, acting_as
from articles.models import Article, ArticleCategory, ContentChange, Entry, RelatedArticle, Section
from tests.factories import ArticleFactory, CategoryFactory, ConditionFactory, UserFactory, full_article
from tests.helpers import sql_delete

pytestmark = pytest.mark.django_db


def changes(**filters):
    return list(ContentChange.objects.filter(**filters).values_list("model", "action", "actor__username"))


def test_saves_record_the_fields_that_changed_and_who_changed_them():
    writer = UserFactory(username="writer")
    article = ArticleFactory()
    sql_delete(ContentChange.objects.all())
    with acting_as(writer):
        article.lead = "A new lead."
        article.save()
        article.save()  # nothing changed: nothing recorded
    change = ContentChange.objects.get()
    assert (change.model, change.object_id, change.owner_article_id) == ("article", article.pk, article.pk)
    assert (change.action, change.fields, change.actor) == ("changed", ["lead"], writer)


def test_every_bulk_and_link_path_is_recorded_against_the_owning_article():
    writer = UserFactory(username="writer")
    article = full_article(live=False)
    other = ArticleFactory()
    sql_delete(ContentChange.objects.all())
    with acting_as(writer):
        Section.objects.filter(article=article).update(body="shell edit")
        Entry.objects.filter(group__section__article=article, text="").update(note="a note")
        article.categories.add(CategoryFactory())
        article.related.set([other])
        article.related.clear()
        Entry.objects.filter(group__section__article=article, text="When?").delete()
    rows = ContentChange.objects.filter(owner_article_id=article.pk)
    assert set(rows.values_list("model", "action")) >= {
        ("section", "changed"),
        ("entry", "changed"),
        ("articlecategory", "created"),
        ("relatedarticle", "created"),
        ("relatedarticle", "deleted"),
        ("entry", "deleted"),
    }
    assert set(rows.values_list("actor__username", flat=True)) == {"writer"}


def test_shared_records_are_recorded_by_their_own_id():
    writer = UserFactory(username="writer")
    condition = ConditionFactory(slug="gout")
    with acting_as(writer):
        condition.gloss = "crystals in a joint"
        condition.save()
    change = ContentChange.objects.filter(model="condition", object_id=condition.pk).latest("pk")
    assert (change.owner_article_id, change.fields, change.actor) == (None, ["gloss"], writer)


@pytest.mark.unattributed
def test_a_write_without_an_author_is_refused_and_writes_nothing():
    with acting_as(UserFactory(username="setup")):
        article = ArticleFactory(lead="Before")
    article.lead = "After"
    with pytest.raises(UnattributedChange, match="acting_as"):
        article.save()
    with pytest.raises(UnattributedChange):
        Article.objects.filter(pk=article.pk).update(lead="After")
    with pytest.raises(UnattributedChange):
        ArticleCategory.objects.bulk_create([])  # even an empty bulk write names its author
    assert Article.objects.get(pk=article.pk).lead == "Before"
    assert not RelatedArticle.objects.exists()


def test_admin_saves_are_attributed_to_the_logged_in_user(editor_client, editor):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "title": article.title,
        "slug": article.slug,
        "question": article.question,
        "lead": "Edited in the admin.",
        "copyright_holder": article.copyright_holder,
        "edit_token": edit_token(article.pk),
        **{
            f"{p}-{k}": v
            for p in ("sections", "references", "care_advice")
            for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        },
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert ("article", "changed", "editor") in changes(object_id=article.pk, model="article")


def test_the_history_cannot_be_changed_or_deleted_through_the_orm():
    ArticleFactory()
    change = ContentChange.objects.first()
    change.fields = ["nothing"]
    with pytest.raises(ValidationError, match="cannot be changed"):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()
    assert ContentChange.objects.get(pk=change.pk).fields == ["*"]
