"""docs/architecture.md draws the layers and the review side's parts; import-linter holds
the code to pyproject.toml's contracts. These tests hold the drawing to the contracts and
to the tree, so the picture a newcomer reads is the one the code keeps."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ENTRY_POINTS = "admin | apps | management | templatetags"  # Django's, above every part


def drawing() -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## The parts and which way they depend", 1)[1]
    return section.split("```", 2)[1].splitlines()


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def drawn_layers() -> list[str]:
    """The top-level lines: a name (or names joined by `|`) at the start of a line."""
    return [match[1] for line in drawing() if (match := re.match(r"([a-z]+(?: \| [a-z]+)*)\s{2,}", line))]


def drawn_parts() -> list[str]:
    """The review side's lines: names drawn to the right of the `|` that leads down."""
    return [match[1] for line in drawing() if (match := re.match(r"\s+\|\s+([a-z]+(?: \| [a-z]+)*)\s{2,}\S", line))]


def test_the_drawing_shows_the_layer_contract():
    [layers] = [c["layers"] for c in contracts() if c["type"] == "layers" and "containers" not in c]
    assert drawn_layers() == layers


def test_the_drawing_shows_the_review_parts_contract():
    [layers] = [contract["layers"] for contract in contracts() if contract.get("containers") == ["reviews"]]
    assert layers[0] == ENTRY_POINTS
    assert drawn_parts() == layers[1:]


def test_every_review_part_in_the_tree_is_drawn_and_every_drawn_part_exists():
    packages = {path.parent.name for path in (ROOT / "reviews").glob("*/__init__.py")}
    drawn = {name for line in drawn_parts() for name in line.split(" | ")}
    assert packages - {"management", "templatetags", "migrations"} == drawn


def test_the_readme_lists_the_same_parts():
    readme = (ROOT / "README.md").read_text()
    listed = set(re.findall(r"^  ([a-z]+)/ ", readme, flags=re.MULTILINE))
    assert listed == {name for line in drawn_parts() for name in line.split(" | ")}
