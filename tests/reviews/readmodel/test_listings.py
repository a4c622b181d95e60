"""The listing summaries (reviews/readmodel/listings.py: ConditionSummary, CategorySummary, each
publication's A–Z letter) stay what the public listings say after every sign-off,
re-sign-off and withdrawal, and `rebuild_read_model` makes them afresh."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Entry
from reviews.models import Publication
from reviews.readmodel.models import CategorySummary, ConditionSummary
from reviews.workflow import services
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ConditionFactory,
    editor_user,
    publish,
    reviewer_user,
    symptom,
)
from tests.helpers import edit

pytestmark = [pytest.mark.django_db, pytest.mark.dialect]


def conditions():
    return {c.slug: (c.name, c.letter, c.article_count) for c in ConditionSummary.objects.all()}


def categories():
    return {c.slug: (c.name, c.article_count) for c in CategorySummary.objects.all()}


def test_a_sign_off_writes_the_summaries_of_what_it_lists(client):
    gout, lupus = ConditionFactory(slug="gout", name="Gout"), ConditionFactory(slug="lupus", name="lupus")
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    symptom("joint pain", gout, lupus, category=nerves)
    symptom("Swelling", gout, category=nerves)
    ArticleFactory(slug="draft").categories.add(nerves)  # never signed off: not counted

    assert conditions() == {"gout": ("Gout", "G", 2), "lupus": ("lupus", "L", 1)}
    assert categories() == {"nerves": ("Nerves", 2)}
    assert dict(Publication.objects.values_list("slug", "letter")) == {"joint-pain": "J", "swelling": "S"}
    assert ConditionSummary.objects.get(slug="gout").last_reviewed == timezone.localdate()


def test_a_re_sign_off_with_a_renamed_condition_renames_it_everywhere_it_is_listed(client):
    gout = ConditionFactory(slug="gout", name="Gout", gloss="a kind of arthritis")
    symptom("Joint pain", gout)
    newest = symptom("Swelling", gout)  # reviewed the same day, later: it names the condition
    editor = editor_user("renamer")
    edit(gout, editor, name="Podagra", gloss="gout of the big toe")
    assert conditions()["gout"] == ("Gout", "G", 2)  # the rename waits for a sign-off

    publish(newest, editor=editor, reviewer=reviewer_user("renaming-reviewer"))

    assert conditions()["gout"] == ("Podagra", "P", 2)  # named as the newest review names it
    assert ConditionSummary.objects.get(slug="gout").gloss == "gout of the big toe"
    assert client.get("/conditions/a-z/g/").status_code == 404
    page = client.get("/conditions/a-z/p/").content.decode()
    assert '<a href="/conditions/gout/">Podagra</a>' in page
    assert "<h1>Podagra</h1>" in client.get("/conditions/gout/").content.decode()


def test_a_re_sign_off_that_drops_a_condition_or_category_mends_their_rows(client):
    gout, lupus = ConditionFactory(slug="gout", name="Gout"), ConditionFactory(slug="lupus", name="Lupus")
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    article = symptom("Joint pain", gout, lupus, category=nerves)
    article.categories.clear()
    article.sections.first().groups.first().entries.filter(condition=lupus).delete()

    publish(article)

    assert conditions() == {"gout": ("Gout", "G", 1)}
    assert categories() == {}
    assert client.get("/categories/nerves/").status_code == 404
    assert client.get("/conditions/lupus/").status_code == 404


def test_a_retitled_article_moves_to_its_new_letter(client):
    article = symptom("Ache")
    edit(article, editor_user("retitler"), title="Pain")
    publish(article)
    assert Publication.objects.get(slug="ache").letter == "P"
    assert client.get("/symptoms/a-z/a/").status_code == 404
    assert "Pain" in client.get("/symptoms/a-z/p/").content.decode()


def test_a_withdrawal_takes_its_listings_out_of_the_summaries(client, site_admin):
    gout, lupus = ConditionFactory(slug="gout", name="Gout"), ConditionFactory(slug="lupus", name="Lupus")
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    symptom("Joint pain", gout, category=nerves)
    rash = symptom("Rash", gout, lupus, category=nerves)

    services.withdraw(article=rash, by=site_admin, reason="check")

    assert conditions() == {"gout": ("Gout", "G", 1)}
    assert categories() == {"nerves": ("Nerves", 1)}
    assert client.get("/conditions/lupus/").status_code == 404
    assert "What causes rash?" not in client.get("/conditions/gout/").content.decode()


def test_a_category_is_renamed_by_a_new_revision_not_by_an_annual_confirmation(client):
    nerves = CategoryFactory(slug="nerves", name="Nerves")
    symptom("Numbness", category=nerves)
    tingling = symptom("Tingling", category=nerves)
    edit(nerves, editor_user("category-editor"), name="Brain and nerves")
    services.confirm_still_accurate(article=tingling, reviewer=reviewer_user("annual"))  # unchanged content
    assert categories() == {"nerves": ("Nerves", 2)}  # the live revision still says "Nerves"
    publish(tingling)  # a new revision, with the new name
    assert categories() == {"nerves": ("Brain and nerves", 2)}


def named(slug):
    row = ConditionSummary.objects.get(slug=slug)
    return row.name, row.named_by, row.last_reviewed, row.article_count


def test_a_re_sign_off_backdated_before_the_last_hands_the_name_to_the_newest_review(client):
    """The generator and imports backdate sign-offs: when the article that named a
    condition is signed off again with an earlier date, the condition is named as the
    article now most recently reviewed names it."""
    now, gout = timezone.now(), ConditionFactory(slug="gout", name="Gout")
    swelling = symptom("Swelling", gout)
    publish_on(swelling, now - datetime.timedelta(days=10))
    edit(gout, editor_user("renamer"), name="Podagra")
    joint_pain = symptom("Joint pain", gout)  # today, with the new name: it names the row
    assert named("gout") == ("Podagra", joint_pain.pk, now.date(), 2)

    edit(joint_pain, editor_user("lead-editor"), lead="A new lead.")
    publish_on(joint_pain, now - datetime.timedelta(days=20))

    assert named("gout") == ("Gout", swelling.pk, (now - datetime.timedelta(days=10)).date(), 2)


def test_a_row_left_naming_a_withdrawn_article_is_mended_when_it_comes_back(client, site_admin):
    """A summary row restored by hand may still name an article that was withdrawn, with
    a later review than the one it comes back with: counting it back in recomputes the
    row rather than keeping that name."""
    now, gout = timezone.now(), ConditionFactory(slug="gout", name="Gout")
    swelling = symptom("Swelling", gout)
    publish_on(swelling, now - datetime.timedelta(days=10))
    edit(gout, editor_user("renamer"), name="Podagra")
    joint_pain = symptom("Joint pain", gout)
    services.withdraw(article=joint_pain, by=site_admin, reason="check")
    ConditionSummary.objects.filter(slug="gout").update(
        name="Podagra", named_by=joint_pain.pk, last_reviewed=now.date()
    )

    publish_on(joint_pain, now - datetime.timedelta(days=20), changed=False)

    assert named("gout") == ("Gout", swelling.pk, (now - datetime.timedelta(days=10)).date(), 2)


def publish_on(article, when, *, changed=True):
    """Sign the article off again, dated ``when`` (a new revision unless not ``changed``)."""
    if changed:
        edit(article, editor_user("backdating-editor"), question=f"{article.question} ")
    revision = services.submit_for_review(article=article, by=editor_user("backdating-editor"), summary="Backdated")
    services.approve(revision=revision, reviewer=reviewer_user("backdating-reviewer"), now=when)


def test_rebuild_read_model_makes_the_summaries_afresh(client):
    gout = ConditionFactory(slug="gout", name="Gout")
    symptom("Joint pain", gout, category=CategoryFactory(slug="nerves", name="Nerves"))
    before = (conditions(), categories(), list(Publication.objects.values_list("letter", flat=True)))
    ConditionSummary.objects.all().delete()
    CategorySummary.objects.update(name="Wrong", article_count=9)
    ConditionSummary.objects.create(
        slug="orphan", name="Orphan", letter="O", article_count=1, last_reviewed=datetime.date(2020, 1, 1), named_by=0
    )
    Publication.objects.update(letter="")

    call_command("rebuild_read_model", verbosity=0)

    assert (conditions(), categories(), list(Publication.objects.values_list("letter", flat=True))) == before


def every_summary():
    fields = ("slug", "name", "letter", "gloss", "also_called", "codes", "own_article")
    shown = (*fields, "article_count", "last_reviewed", "named_by")
    return (
        list(ConditionSummary.objects.order_by("slug").values_list(*shown)),
        list(CategorySummary.objects.order_by("slug").values_list("slug", "name", "article_count", "last_reviewed")),
    )


def test_sign_offs_move_each_summary_by_one_and_agree_with_a_recount(site_admin):
    """The summaries change row by row at each sign-off (their cost does not grow with
    the site); after sign-offs out of date order (the generator backdates them), a
    rename, a condition dropped by the article that named it and a withdrawal, they are
    what a recount from every listing gives."""
    from demo.generate import generate
    from reviews.readmodel import listings

    generate(articles=30, conditions=20, seed=7)
    newest = Publication.objects.order_by("-last_reviewed", "-pk").first()
    named = ConditionSummary.objects.filter(named_by=newest.pk).first()
    assert named is not None
    # The newest article renames one condition it names, and drops another it names.
    article = newest.article
    entries = Entry.objects.filter(group__section__article=article)
    condition = entries.filter(condition__slug=named.slug).first().condition
    condition.name = "Renamed on purpose"
    condition.save()
    dropped = ConditionSummary.objects.filter(named_by=newest.pk).exclude(slug=named.slug).first()
    assert dropped is not None
    entries.filter(condition__slug=dropped.slug).delete()
    publish(article, editor=editor_user("editor9"), reviewer=reviewer_user("reviewer9"), summary="Rename")
    withdrawn = Publication.objects.exclude(pk=newest.pk).order_by("pk").first()
    services.withdraw(article=withdrawn.article, by=site_admin, reason="Test")

    incremental = every_summary()
    listings.rebuild()
    assert every_summary() == incremental
    assert ("Renamed on purpose",) in {(row[1],) for row in incremental[0]}
