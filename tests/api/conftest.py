import json

import pytest
from django.core.management import call_command

from reviews.models import Publication
from tests.factories import full_article, publish


def get_json(client, url, status=200, **headers):
    """GET ``url`` from the API, check the status, and return (response, parsed body)."""
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response, json.loads(response.content) if response.content else None


@pytest.fixture
def live(signing_key, editor, reviewer):
    """A live, signed article with conditions, a category and a reference."""
    article = full_article(slug="muscle-weakness", title="Muscle weakness", live=False)
    publish(article, editor=editor, reviewer=reviewer)
    return Publication.objects.get(article=article)


@pytest.fixture
def demo(signing_key):
    """The demo site (its seed article is muscle-atrophy), signed."""
    call_command("load_demo", verbosity=0)
