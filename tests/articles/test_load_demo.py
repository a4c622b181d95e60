import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Category, Condition, Entry, EntryGroup, Reference, Section, Urgency

pytestmark = pytest.mark.django_db

MODELS = [Category, Condition, Article, Section, EntryGroup, Entry, Reference]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list(flat=False)) for model in MODELS}


def test_load_demo_twice_gives_the_same_data(capsys):
    call_command("load_demo", accounts=True)
    first = snapshot()
    out = capsys.readouterr().out
    assert "article muscle-atrophy: created" in out
    assert "log in at /admin/ as editor" in out

    call_command("load_demo", accounts=True)

    assert snapshot() == first
    out = capsys.readouterr().out
    assert "0 created" in out
    assert "article muscle-atrophy: exists, left unchanged" in out
    assert get_user_model().objects.filter(username__in=["admin", "editor", "reviewer"]).count() == 3


def test_demo_has_the_seed_article_with_its_groups():
    call_command("load_demo", verbosity=0)
    article = Article.objects.get(slug="muscle-atrophy")
    assert article.question == "What causes muscle atrophy?"
    groups = {g.heading: g for g in EntryGroup.objects.filter(section__article=article)}
    general = [e.condition.slug for e in groups["General causes"].entries.all()]
    assert len(general) == 8
    serious = groups["Serious or life-threatening causes"]
    assert serious.urgency == Urgency.EMERGENCY
    assert serious.entries.count() == 3
    # A condition is one record, reused across groups.
    gbs = Condition.objects.get(name__icontains="guillain")
    assert Entry.objects.filter(group__section__article=article, condition=gbs).count() == 2
    assert article.references.count() >= 2
    assert article.overview is not None


def test_demo_covers_enough_articles_categories_and_shared_conditions():
    call_command("load_demo", verbosity=0)
    symptoms = Article.objects.exclude(slug__endswith="-overview")
    assert symptoms.count() >= 8
    assert Category.objects.filter(articles__isnull=False).distinct().count() >= 3
    atrophy_conditions = set(
        Entry.objects.filter(group__section__article__slug="muscle-atrophy", condition__isnull=False).values_list(
            "condition", flat=True
        )
    )
    shared = Entry.objects.filter(condition__in=atrophy_conditions).exclude(
        group__section__article__slug="muscle-atrophy"
    )
    assert shared.values("group__section__article").distinct().count() >= 3


def test_demo_accounts_are_skipped_when_debug_is_off_unless_asked(capsys, settings):
    settings.DEBUG = False
    call_command("load_demo")
    assert "Demo accounts have no password" in capsys.readouterr().out
    assert not get_user_model().objects.get(username="admin").has_usable_password()


def test_every_demo_page_renders(client):
    call_command("load_demo", verbosity=0)
    for article in Article.objects.all():
        assert client.get(article.get_absolute_url()).status_code == 200
    for condition in Condition.objects.all():
        assert client.get(condition.get_absolute_url()).status_code == 200
    for category in Category.objects.all():
        assert client.get(category.get_absolute_url()).status_code == 200


def test_demo_arrives_signed_off_with_some_due_and_one_overdue(client):
    from django.conf import settings
    from django.utils import timezone

    from reviews.audit import verify_chain
    from reviews.models import SignOff

    call_command("load_demo", verbosity=0)
    today = timezone.localdate()
    assert Article.objects.live().count() == Article.objects.count()
    assert not SignOff.objects.exclude(reviewer__username="reviewer").exists()
    overdue = Article.objects.overdue(on=today)
    assert list(overdue.values_list("slug", flat=True)) == ["dizziness"]
    assert (today - overdue.get().next_review_due).days > settings.REVIEW_GRACE_DAYS
    due_soon = Article.objects.due_for_review(on=today, within_days=30).exclude(pk__in=overdue)
    assert due_soon.count() >= 2
    assert "annual review is overdue" in client.get("/symptoms/dizziness/").content.decode()
    atrophy = client.get("/symptoms/muscle-atrophy/").content.decode()
    assert "Medically reviewed by" in atrophy and "Dr Rosa Reyes, MD, FACS" in atrophy
    assert "Review history" in atrophy  # approved, then confirmed at its annual review
    assert verify_chain()[0] is None
