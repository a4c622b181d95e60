"""F6, the rest: the read-model rows readers are shown beside an article (the care
statements the navigator and search show as emergency advice, a condition's gloss as an
article lists it, a condition's summary) are sealed with the publication's content hash.
Changed in SQL, they are left out or shown as sealed, the rest of the site still answers,
and verify_audit_log names them."""

import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from public import cache as page_cache
from reviews.models import CareStatement, ConditionListing, ConditionSummary
from reviews.readmodel.models.listings import CONDITION_SHOWN, row_seal
from tests.factories import ConditionFactory, symptom
from tests.helpers import sql_update

pytestmark = pytest.mark.django_db
CALM = "You do not need to call anyone."


@pytest.fixture
def weakness():
    stroke = ConditionFactory(name="Stroke", slug="stroke", gloss="blood flow to part of the brain stops")
    anemia = ConditionFactory(name="Anemia", slug="anemia", gloss="too few red blood cells", synonyms="Anaemia")
    face = ("emergency", "Your face droops on one side: call an ambulance now.")
    return symptom("Weakness", (anemia, "common"), emergency=[(stroke, "rare")], care=[face])


def fresh(client, path, **query):
    page_cache.forget_local()
    cache.clear()
    response = client.get(path, query)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def named_by_verify(capsys, expected):
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    assert expected in capsys.readouterr().err


def test_f6_a_care_statement_changed_in_sql_is_not_shown_anywhere_and_is_named(client, weakness, capsys):
    navigator = reverse("public:navigator")
    assert "face droops" in fresh(client, navigator, s="weakness")
    statement = CareStatement.objects.get()
    sql_update(CareStatement.objects.filter(pk=statement.pk), text=CALM)
    page = fresh(client, navigator, s="weakness")
    assert CALM not in page and "face droops" not in page
    assert CALM not in fresh(client, reverse("public:search"), q="need to call anyone")
    named_by_verify(capsys, f"care statement {statement.pk} of article {weakness.pk}: its seal does not match")


def test_f6_a_listing_from_an_earlier_revision_fails_its_seal(weakness, capsys):
    """Rows are sealed with the live revision's content hash: one written back from an
    older revision (same words, another hash) does not pass."""
    listing = ConditionListing.objects.get(condition_slug="anemia")
    shown = {name: getattr(listing, name) for name in CONDITION_SHOWN}
    old = row_seal("conditionlisting", weakness.pk, "0" * 64, shown)
    sql_update(ConditionListing.objects.filter(pk=listing.pk), seal=old)
    named_by_verify(capsys, f"condition listing {listing.pk} of article {weakness.pk}: its seal does not match")


def test_f6_a_gloss_changed_in_sql_is_not_shown_and_is_named(client, weakness, capsys):
    sql_update(ConditionListing.objects.filter(condition_slug="anemia"), gloss="nothing to worry about")
    page = fresh(client, reverse("public:navigator"), s="weakness")
    assert "nothing to worry about" not in page and "Stroke" in page  # the rest still shows
    assert client.get(reverse("public:condition", args=["anemia"])).status_code == 404
    assert "nothing to worry about" not in fresh(client, "/search/", q="anemia")
    assert client.get("/api/v1/conditions/anemia").status_code == 404
    assert "nothing to worry about" not in fresh(client, "/api/v1/conditions")
    named_by_verify(capsys, "condition listing")


def test_untouched_conditions_show_as_listed_without_an_alert(client, weakness, caplog):
    for path, query in (("/search/", {"q": "anemia"}), ("/conditions/anemia/", {})):
        assert "Anaemia" in fresh(client, path, **query), path  # its other name, as listed
    assert "Anemia" in fresh(client, "/conditions/")
    assert not [record for record in caplog.records if record.levelname == "CRITICAL"]


def test_f6_a_condition_summary_changed_in_sql_shows_the_sealed_listing(client, weakness, capsys):
    sql_update(ConditionSummary.objects.filter(slug="anemia"), gloss="nothing to worry about", name="A cold")
    page = fresh(client, reverse("public:condition", args=["anemia"]))
    assert "nothing to worry about" not in page.lower() and "too few red blood cells" in page.lower()
    assert "A cold" not in fresh(client, "/conditions/") and "Anemia" in fresh(client, "/conditions/")
    from reviews.models import SearchCondition

    sql_update(SearchCondition.objects.filter(slug="anemia"), gloss="nothing to worry about")
    search = fresh(client, "/search/", q="anemia")
    assert "nothing to worry about" not in search and "too few red blood cells" in search.lower()
    named_by_verify(capsys, "condition summary anemia: it is not what the listing that names it says")


@pytest.mark.parametrize(
    "column", [{"question": "Is ten times the dose fine?"}, {"lead": "Ten times the dose is fine."}]
)
def test_f6_a_listed_question_or_lead_changed_in_sql_is_listed_nowhere(client, weakness, column):
    """The question and lead that home, A–Z, the feed, the API list, category, condition
    and reviewer pages and the navigator show come from the publication row, whose seal
    covers them: a row failing it is left out of every listing."""
    from reviews.models import Publication

    sql_update(Publication.objects.filter(pk=weakness.pk), **column)
    (changed,) = column.values()
    reviewer = Publication.objects.get(pk=weakness.pk).reviewer_slug
    for path in ("/", "/symptoms/", "/feeds/reviewed/", "/api/v1/articles", "/conditions/anemia/",
                 f"/reviewers/{reviewer}/", "/navigator/?q=weak", "/search/?q=weakness"):  # fmt: skip
        page = fresh(client, path)
        assert changed not in page, path


@pytest.mark.slow  # transactional: it flushes the database, which the fast run's later tests share
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_f9_a_backup_with_care_statements_questions_and_history_edited_is_refused(weakness, tmp_path):
    """F9: a backup with care statements, questions and history edited imported and said
    "verified". The question and history are sealed with the publication (refused, named);
    care statements are not restored from a backup but made again from the signed document."""
    from reviews.models import Publication
    from tests.reviews.operations.test_backup import empty_the_database

    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    untouched = backup.read_text()
    fields = {"publication": weakness.pk, "tier": "emergency", "text": CALM, "position": 0, "seal": ""}
    planted = {"model": "reviews.carestatement", "pk": 999, "fields": fields}
    edited = json.loads(untouched)
    for row in edited:
        if row["model"] == "reviews.publication":
            row["fields"].update(question="Is ten times the dose fine?", history=[])
    backup.write_text(json.dumps([*edited, planted]))
    empty_the_database()
    with pytest.raises(CommandError, match=f"publication of article {weakness.pk}: its seal does not match"):
        call_command("import_content", str(backup))
    assert not Publication.objects.exists()

    backup.write_text(json.dumps([*json.loads(untouched), planted]))  # only the planted statement
    call_command("import_content", str(backup))
    assert not CareStatement.objects.filter(text=CALM).exists()
    assert CareStatement.objects.filter(text__startswith="Your face droops").exists()


def test_f6_a_search_snippet_from_an_index_changed_in_sql_is_not_shown(client, weakness):
    """The search index is not sealed; what a result quotes of it must be in the article's
    signed text, or the result shows without a quote."""
    from reviews.models import SearchDocument

    page = fresh(client, "/search/", q="droops")
    assert "face droops" in page  # the care statement, quoted
    sql_update(SearchDocument.objects.filter(pk=weakness.pk), care="If your face droops, wait and see.")
    if connection.vendor == "sqlite":  # the full-text copy SQLite searches and quotes
        with connection.cursor() as cursor:
            sql = "UPDATE reviews_article_fts SET care = %s WHERE rowid = %s"
            cursor.execute(sql, ["If your face droops, wait and see.", weakness.pk])
    page = fresh(client, "/search/", q="droops")
    assert "wait and see" not in page
    assert "What causes weakness?" in page  # the result itself still shows


def test_f6_a_legacy_sealed_row_whose_title_changed_is_listed_nowhere_and_named(client, weakness, capsys):
    """A row sealed before its seal covered the title ("publication"): its listing seal
    still covers what listings show, and verify_audit_log names it."""
    from reviews.models import Publication
    from reviews.provenance import sealing

    row = Publication.objects.get(pk=weakness.pk)
    legacy = sealing.seal(Publication.legacy_seal_kind, row.legacy_seal_payload())
    sql_update(Publication.objects.filter(pk=weakness.pk), seal=legacy, title="Take ten times the dose")
    assert Publication.objects.get(pk=weakness.pk).seal_intact()  # the legacy seal cannot tell
    assert "ten times" not in fresh(client, "/symptoms/")
    named_by_verify(capsys, f"publication of article {weakness.pk}: its listing seal does not match")
