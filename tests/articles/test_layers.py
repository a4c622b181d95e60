"""Content is the bottom layer. The import contract (pyproject.toml, `make lint`) sees
imports; this sees what imports cannot: relations by name and settings."""

from articles.workflow import EditorialWorkflow, editorial_workflow
from tests.helpers import relations

LOWER_OR_EQUAL = {"articles", "auth", "contenttypes"}


def test_no_content_model_points_at_a_higher_layer():
    for model, field, related in relations("articles"):
        assert related._meta.app_label in LOWER_OR_EQUAL, f"{model.__name__}.{field.name} -> {related}"


def test_the_publishing_side_reaches_the_content_admin_only_through_the_named_seam(settings):
    workflow = editorial_workflow()
    assert isinstance(workflow, EditorialWorkflow)
    assert settings.EDITORIAL_WORKFLOW == f"{type(workflow).__module__}.{type(workflow).__name__}"


def test_without_a_workflow_the_content_admin_adds_nothing():
    workflow = EditorialWorkflow()
    assert workflow.article_columns() == [] and workflow.preview_url(None) is None
