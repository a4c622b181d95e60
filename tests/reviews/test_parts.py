"""The review side's parts depend only on the parts below them (reviews/__init__.py). The
import contracts (pyproject.toml, `make lint`) see imports; this sees what they cannot:
a model's relations, which Django resolves by name."""

from django.apps import apps

from tests.helpers import relations

# Each part over the ones below it; parts on one level are independent of each other.
LEVEL = {"provenance": 0, "readmodel": 1, "accounts": 1, "workflow": 2, "operations": 2, "workspace": 3}


def part(model):
    return model.__module__.split(".")[1]


def test_every_model_lives_in_a_part():
    assert {part(model) for model in apps.get_app_config("reviews").get_models()} <= set(LEVEL)


def test_no_model_points_at_a_part_above_or_beside_its_own():
    for model, field, related in relations("reviews"):
        if related._meta.app_label != "reviews":
            assert related._meta.app_label in {"articles", "auth"}, f"{model.__name__}.{field.name}"
            continue
        mine, theirs = part(model), part(related)
        assert mine == theirs or LEVEL[theirs] < LEVEL[mine], f"{model.__name__}.{field.name} -> {related}"
