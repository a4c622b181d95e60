"""articles 0019: each "when to get help" statement becomes a shared warning sign, one
per wording, never downgraded, and nothing an article gave is lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import CareAdvice, WarningSign

pytestmark = [pytest.mark.slow]

BEFORE = [("articles", "0018_warning_signs")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.unattributed  # historical models write no content history
@pytest.mark.usefixtures("roles")
def test_statements_become_one_sign_per_wording_in_the_most_urgent_tier_given():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Article, Advice = old.get_model("articles", "Article"), old.get_model("articles", "CareAdvice")
    one = Article.objects.create(title="One", slug="one", question="What causes one?", lead="Lead.")
    two = Article.objects.create(title="Two", slug="two", question="What causes two?", lead="Lead.")
    Advice.objects.create(article=one, order=1, tier="urgent", text="you see double")
    Advice.objects.create(article=one, order=2, tier="routine", text="it keeps coming back")
    Advice.objects.create(article=two, order=1, tier="emergency", text="you see double")
    Advice.objects.create(article=two, order=2, tier="urgent", text="you see double")  # given twice by one article

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(WarningSign.objects.values_list("text", "tier")) == {
        "you see double": "emergency",
        "it keeps coming back": "routine",
    }
    given = CareAdvice.objects.order_by("article__slug", "order").values_list("article__slug", "order", "sign__text")
    assert list(given) == [
        ("one", 1, "you see double"),
        ("one", 2, "it keeps coming back"),
        ("two", 1, "you see double"),
    ]
