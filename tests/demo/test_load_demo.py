import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Category, Condition, Entry, EntryGroup, Reference, Section, Urgency
from demo.content import DemoContentError, load_content
from reviews.models import Publication, SignOff
from reviews.provenance.audit import verify_chain

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MODELS = [Category, Condition, Article, Section, EntryGroup, Entry, Reference]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list(flat=False)) for model in MODELS}


ACCOUNTS_TABLE = [
    "  username    password                role                    works at",
    "  admin       symptomsite-admin       site admin, superuser   http://127.0.0.1:8001/admin/ and http://127.0.0.1:8001/review/",
    "  editor      symptomsite-editor      editor                  http://127.0.0.1:8001/admin/",
    "  reviewer    symptomsite-reviewer    medical reviewer        http://127.0.0.1:8001/review/",
    "  translator  symptomsite-translator  translator (an editor)  http://127.0.0.1:8001/admin/",
]


def test_load_demo_twice_gives_the_same_data(capsys):
    call_command("load_demo", accounts=True, port=8001)
    first = snapshot()
    lines = capsys.readouterr().out.splitlines()
    assert lines[:6] == [
        "Articles: 9 created, 0 unchanged",
        "Conditions: 56 created, 0 unchanged",
        "Categories: 4 created, 0 unchanged",
        "Warning signs: 93 created, 0 unchanged",
        "Translations: 3 created, 0 unchanged",
        "Accounts: 4 created, 0 unchanged",
    ]

    call_command("load_demo", accounts=True, port=8001)

    assert snapshot() == first
    lines = capsys.readouterr().out.splitlines()
    assert "Articles: 0 created, 9 unchanged" in lines and "Accounts: 0 created, 4 unchanged" in lines
    assert "Translations: 0 created, 3 unchanged" in lines
    assert "Warning signs: 0 created, 93 unchanged" in lines
    assert not any("left unchanged" in line for line in lines)  # no line per record
    assert get_user_model().objects.filter(username__in=["admin", "editor", "reviewer", "translator"]).count() == 4


def test_load_demo_is_short_and_ends_with_the_accounts_and_where_they_work(capsys):
    call_command("load_demo", accounts=True, port=8001)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) <= 15  # a summary (a line per kind of record), not a line per record
    assert lines[-6:-1] == ACCOUNTS_TABLE
    assert "Log in at http://127.0.0.1:8001/account/login/" in lines[-7]
    assert "second factor" in lines[-1].lower() and "`make demo-code`" in lines[-1]


def test_load_demo_lists_every_record_at_verbosity_2_and_nothing_at_0(capsys):
    call_command("load_demo", accounts=True, verbosity=2)
    out = capsys.readouterr().out
    assert "article muscle-atrophy: created" in out and "http://127.0.0.1:8000/review/" in out
    call_command("load_demo", accounts=True, verbosity=0)
    assert capsys.readouterr().out == ""


@pytest.mark.usefixtures("shared_demo")
class TestTheDemo:
    """The demo as load_demo leaves it (loaded once for these tests, which only read it)."""

    def test_demo_has_the_seed_article_with_its_groups(self):
        article = Article.objects.get(slug="muscle-atrophy")
        assert article.question == "What causes muscle atrophy?"
        groups = {g.heading: g for g in EntryGroup.objects.filter(section__article=article)}
        general = [e.condition.slug for e in groups["General causes"].entries.all()]
        assert len(general) == 9 and "sarcopenia" in general  # the seed page's eight, and age (issue 23)
        serious = groups["Serious or life-threatening causes"]
        assert serious.urgency == Urgency.EMERGENCY
        assert serious.entries.count() == 3
        # A condition is one record, reused across groups.
        gbs = Condition.objects.get(name__icontains="guillain")
        assert Entry.objects.filter(group__section__article=article, condition=gbs).count() == 2
        assert article.references.count() >= 2
        assert article.overview is not None

    def test_demo_covers_enough_articles_categories_and_shared_conditions(self):
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

    def test_every_demo_page_renders(self, client):
        for article in Article.objects.all():
            assert client.get(f"/symptoms/{article.slug}/").status_code == 200
        for condition in Condition.objects.filter(entries__isnull=False).distinct():
            assert client.get(f"/conditions/{condition.slug}/").status_code == 200
        for category in Category.objects.all():
            assert client.get(f"/categories/{category.slug}/").status_code == 200

    def test_demo_arrives_signed_off_with_some_due_and_one_overdue(self, client):
        today = timezone.localdate()
        assert Publication.objects.public().count() == Article.objects.count()
        assert not SignOff.objects.exclude(reviewer__username="reviewer").exists()
        overdue = Publication.objects.overdue(on=today)
        assert list(overdue.values_list("slug", flat=True)) == ["dizziness"]
        assert (today - overdue.get().next_review_due).days > settings.REVIEW_GRACE_DAYS
        due_soon = Publication.objects.due_for_review(on=today, within_days=30).exclude(pk__in=overdue)
        assert due_soon.count() >= 2
        assert "annual review is overdue" in client.get("/symptoms/dizziness/").content.decode()
        atrophy = client.get("/symptoms/muscle-atrophy/").content.decode()
        assert "Medically reviewed by" in atrophy and "Dr Rosa Reyes, MD, FACS" in atrophy
        assert "Review history" in atrophy  # approved, then confirmed at its annual review
        assert verify_chain()[0] is None


def test_demo_accounts_are_skipped_when_debug_is_off_unless_asked(capsys, settings):
    settings.DEBUG = False
    call_command("load_demo")
    assert "Demo accounts have no password" in capsys.readouterr().out
    assert not get_user_model().objects.get(username="admin").has_usable_password()


def test_demo_data_files_load_and_reference_each_other():
    content = load_content()
    assert len(content.articles) == 9 and len(content.conditions) == 56 and len(content.categories) == 4
    assert {a["slug"] for a in content.articles} >= {"muscle-atrophy", "muscle-atrophy-overview", "dizziness"}


def test_a_broken_reference_in_a_demo_file_names_the_file(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "categories.yaml").write_text("- {slug: bones, name: Bones}\n")
    (tmp_path / "conditions.yaml").write_text("- {slug: gout, name: Gout}\n")
    (tmp_path / "warning_signs.yaml").write_text("[]\n")
    (tmp_path / "articles" / "cramps.yaml").write_text(
        "slug: cramps\ntitle: Cramps\nquestion: What causes cramps?\nlead: L.\n"
        "sections:\n- heading: Causes\n  groups:\n  - entries:\n    - condition: gout\n    - condition: goutt\n"
    )
    with pytest.raises(DemoContentError, match=r"articles/cramps.yaml: unknown condition “goutt”"):
        load_content(tmp_path)


def test_a_demo_file_that_is_not_yaml_is_named(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "categories.yaml").write_text("- {slug: bones, name: Bones\n")
    (tmp_path / "conditions.yaml").write_text("[]\n")
    with pytest.raises(DemoContentError, match="categories.yaml: not valid YAML"):
        load_content(tmp_path)


def test_demo_accounts_that_sign_off_get_a_second_factor_and_a_way_to_read_it(capsys, settings):
    from django.core.management.base import CommandError
    from django_otp import match_token

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    capsys.readouterr()
    call_command("demo_code", "reviewer")
    code = capsys.readouterr().out.strip()
    reviewer = get_user_model().objects.get(username="reviewer")
    assert len(code) == 6 and match_token(reviewer, code) is not None
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG"):
        call_command("demo_code", "reviewer")
