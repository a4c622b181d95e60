"""A backup leaves no content behind: every model of the content and review apps is
backed up, written again from the revisions on restore, or named as left out."""

from django.apps import apps

from reviews.operations.backup import DERIVED, MODELS, NOT_BACKED_UP


def test_every_content_and_review_model_is_backed_up_derived_or_named_as_left_out():
    backed_up = {label.lower() for label in MODELS}
    for app in ("articles", "reviews"):
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label_lower
            assert label in backed_up | DERIVED | NOT_BACKED_UP, f"{label} is in no backup list"
