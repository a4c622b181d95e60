"""generate_content: generated test content, live through the real review workflow."""

import io
import random
import statistics
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count

from demo import plan
from reviews.models import (
    CareStatement,
    CategoryListing,
    ConditionListing,
    ConditionSummary,
    Publication,
    SearchCondition,
    SearchDocument,
    SignOff,
)
from reviews.provenance.audit import verify_chain
from tests.conftest import kept_for_the_group

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def run(capsys, **options):
    call_command("generate_content", **options)
    return capsys.readouterr().out


def shape():
    """What readers get, ids and dates aside: each article's title, categories and conditions."""
    return sorted(
        (
            publication.title,
            tuple(sorted(publication.categories.values_list("slug", flat=True))),
            tuple(publication.listings.order_by("position").values_list("condition_slug", "urgency", "likelihood")),
        )
        for publication in Publication.objects.prefetch_related("categories")
    )


@pytest.fixture(scope="class")
def generated(django_db_setup, django_db_blocker) -> str:
    """30 articles generated once for the class's tests, which only read them; what the
    command printed."""
    out = io.StringIO()
    with kept_for_the_group(django_db_blocker):
        call_command("generate_content", articles=30, conditions=20, seed=3, stdout=out)
        yield out.getvalue()


@pytest.mark.usefixtures("generated")
class TestThirtyArticles:
    """One generated site of 30 articles, as a developer makes one to try the site."""

    def test_every_article_is_live_and_signed_off_by_someone_who_did_not_submit_it(self, generated):
        out = generated
        assert out.startswith("Generated 30 articles, 20 conditions, 10 categories, ")
        assert " s; approve median " in out
        publications = Publication.objects.public().select_related("revision")
        assert publications.count() == 30
        signoffs = SignOff.objects.filter(decision="approved").select_related("revision")
        assert signoffs.count() == 30
        for signoff in signoffs:
            assert signoff.reviewer_id != signoff.revision.created_by_id
            assert signoff.reviewer.username == "generator-reviewer"
        assert {p.revision.created_by.username for p in publications} == {"generator-editor"}
        assert not verify_chain()[0]

    def test_listings_search_rows_and_care_advice_are_written(self, generated):
        out = generated
        listings = ConditionListing.objects.count()
        assert f", {listings} condition listings " in out
        assert 30 * plan.MIN_LISTED <= listings <= 30 * 10  # at most half of 20 conditions each
        assert SearchDocument.objects.count() == 30
        assert CategoryListing.objects.values("slug").distinct().count() > 3
        assert set(CareStatement.objects.values_list("tier", flat=True)) == {"emergency", "urgent", "routine"}
        assert set(ConditionListing.objects.values_list("urgency", flat=True)) >= {"normal", "emergency"}
        letters = {title[0] for title in Publication.objects.values_list("title", flat=True)}
        assert len(letters) > 10

    def test_every_text_says_it_is_generated_test_content(self):
        for lead in Publication.objects.values_list("lead", flat=True):
            assert lead.startswith("Generated test content.")
            assert "not medical advice" in lead
        for text in CareStatement.objects.values_list("text", flat=True):
            assert text.startswith("generated test warning sign") and text.endswith("not medical advice")
        for gloss in ConditionListing.objects.values_list("gloss", flat=True):
            assert "generated test condition" in gloss and "not a real diagnosis" in gloss

    def test_some_articles_are_due_or_overdue(self):
        reviewed = sorted(Publication.objects.values_list("last_reviewed", flat=True))
        assert (reviewed[-1] - reviewed[0]).days > 200

    def test_condition_popularity_is_skewed(self):
        counts = sorted(
            ConditionListing.objects.values("condition_slug")
            .annotate(n=Count("publication", distinct=True))
            .values_list("n", flat=True)
        )
        assert counts[-1] >= 2 * statistics.median(counts)


def test_at_full_size_a_popular_condition_is_listed_by_about_a_sixth_of_articles_and_most_by_a_handful():
    # The draws generate() makes for 10,000 articles and 5,000 conditions, without a database.
    rng = random.Random(1)
    cumulative = plan.popularity_weights(5000)
    counts = Counter(
        rank
        for _ in range(10_000)
        for rank in plan.pick_conditions(rng, cumulative, rng.randint(plan.MIN_LISTED, plan.MAX_LISTED))
    )
    assert 0.14 <= counts[0] / 10_000 <= 0.22
    assert statistics.median(counts.get(rank, 0) for rank in range(5000)) <= 15


def test_the_same_seed_gives_the_same_content(capsys):
    made = []
    for _ in range(2):
        with transaction.atomic():
            run(capsys, articles=12, conditions=20, seed=9)
            made.append(shape())
            transaction.set_rollback(True)
    assert made[0] == made[1]
    with transaction.atomic():
        run(capsys, articles=12, conditions=20, seed=10)
        assert shape() != made[0]


def test_a_second_run_adds_articles_without_clashing(capsys):
    run(capsys, articles=10, conditions=20, seed=3)
    run(capsys, articles=10, conditions=20, seed=3)

    assert Publication.objects.count() == 20


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"articles": 0, "conditions": 20}, "--articles must be at least 1"),
        ({"articles": 5, "conditions": 0}, "--conditions must be at least 1"),
        ({"articles": 5, "conditions": 10}, "--conditions must be at least 16"),
        ({"articles": 5, "conditions": 20, "jobs": 0}, "--jobs must be at least 1"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_content", **options)
    assert not Publication.objects.exists()


def test_jobs_need_postgresql(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="--jobs above 1 needs PostgreSQL"):
        call_command("generate_content", articles=5, conditions=20, jobs=2)
    assert not Publication.objects.exists()


def test_jobs_cannot_run_inside_a_transaction(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(CommandError, match="--jobs above 1 cannot run inside a transaction"):
        call_command("generate_content", articles=5, conditions=20, jobs=2)
    assert not Publication.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_two_jobs_make_the_same_content_as_one_every_sign_off_on_the_chain(capsys):
    with transaction.atomic():
        run(capsys, articles=60, conditions=30, seed=9)
        one_job = shape()
        transaction.set_rollback(True)

    out = run(capsys, articles=60, conditions=30, seed=9, jobs=2)

    assert out.startswith("Generated 60 articles, 30 conditions, ")
    assert "; 2 jobs, " in out
    assert shape() == one_job
    assert SignOff.objects.filter(decision="approved").count() == 60
    assert not verify_chain()[0]
    # The summaries the jobs moved one sign-off at a time match a recount from scratch.
    counted = dict(ConditionListing.objects.public().values_list("condition_slug").annotate(n=Count("publication")))
    assert dict(ConditionSummary.objects.values_list("slug", "article_count")) == counted
    assert set(SearchCondition.objects.values_list("slug", flat=True)) == set(counted)


@pytest.mark.postgres
@pytest.mark.scale
@pytest.mark.django_db(transaction=True)  # the jobs write through connections of their own
@pytest.mark.usefixtures("roles")
def test_a_thousand_articles_on_postgresql(capsys, client):
    out = run(capsys, articles=1000, conditions=500, jobs=2)

    assert out.startswith("Generated 1000 articles, 500 conditions, ")
    assert Publication.objects.public().count() == 1000
    assert ConditionListing.objects.count() > 1000 * plan.MIN_LISTED
    popular = ConditionListing.objects.values("condition_slug").annotate(n=Count("publication")).order_by("-n")[0]
    article = Publication.objects.order_by("slug").first()
    category = CategoryListing.objects.order_by("slug").first()
    for path in (
        "/",
        "/symptoms/",
        "/conditions/",
        f"/symptoms/{article.slug}/",
        f"/conditions/{popular['condition_slug']}/",
        f"/categories/{category.slug}/",
        "/search/?q=doctor",
        "/sitemap.xml",
    ):
        assert client.get(path).status_code == 200, path
