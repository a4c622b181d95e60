"""Content is the bottom layer. The import contract (pyproject.toml, `make lint`) sees
imports; this sees what imports cannot: relations by name and settings."""

from django.apps import apps

from articles.workflow import EditorialWorkflow, editorial_workflow

LOWER_OR_EQUAL = {"articles", "auth", "contenttypes"}


def test_no_content_model_points_at_a_higher_layer():
    for model in apps.get_app_config("articles").get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            if related is None or not (field.concrete or field.many_to_many):
                continue  # reverse relations belong to the model that declares them
            assert related._meta.app_label in LOWER_OR_EQUAL, f"{model.__name__}.{field.name} -> {related}"


def test_the_publishing_side_reaches_the_content_admin_only_through_the_named_seam(settings):
    workflow = editorial_workflow()
    assert isinstance(workflow, EditorialWorkflow)
    assert settings.EDITORIAL_WORKFLOW == f"{type(workflow).__module__}.{type(workflow).__name__}"


def test_without_a_workflow_the_content_admin_adds_nothing():
    workflow = EditorialWorkflow()
    assert workflow.article_columns() == [] and workflow.preview_url(None) is None
